import fs from 'node:fs';
import path from 'node:path';
import { AuditLog } from '../../../src/store/audit';
import { openDb } from '../../../src/store/db';
import { Ledger } from '../../../src/store/ledger';
import { PlanStore } from '../../../src/store/plans';
import { runCli } from '../../helpers/cli';
import { tempDir, testEnv } from '../../helpers/tmp';
import { threeLinePlan } from './fixture';

const PLAN = '0x64ff31dd5c07fda2a3ff89ed883359f18d3e7578a4534fc49f3cec10ba49ad24';
const T0 = new Date('2025-02-14T00:00:00Z');
const hotkey = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

/** A real SQLite file written through the real stores: one active plan, tranches on SN51 and SN64. */
async function seed(dir: string): Promise<void> {
  const db = await openDb(path.join(dir, 'govbridge.sqlite'));
  const plans = new PlanStore(db);
  await plans.insertPlan(
    {
      id: PLAN,
      space: 'rokonetwork.eth',
      title: 'Treasury allocation',
      state: 'accepted',
      plan: threeLinePlan,
      cadence: 'P1W',
      proposalEnd: T0.getTime() / 1000,
      acceptedAt: T0,
    },
    T0,
  );
  await plans.setState(PLAN, 'accepted', 'active', T0, { activatedAt: T0, lockEndsAt: new Date('2025-04-14T00:00:00Z') });
  const ledger = new Ledger(db);
  const stake = async (k: number, netuid: number, rao: bigint, alpha: bigint, price: bigint) => {
    const txHash = '0x' + (netuid * 100 + k).toString(16).padStart(64, '0');
    const tx = { txHash, callHash: txHash, signer: 'me', nonce: k, eraBlock: 1, validUntilBlock: 64, actions: [] };
    const at = new Date(T0.getTime() + k * 7 * 86_400_000);
    await ledger.recordSubmitting(
      [{ planId: PLAN, kind: 'tranche', netuid, trancheIndex: k, action: 'addStakeLimit', hotkey, amount: rao, price, limitPrice: price }],
      tx,
      at,
    );
    await ledger.markIncluded(
      txHash,
      {
        txHash,
        blockHash: '0x01',
        blockNumber: 1000 + k,
        finalized: true,
        feeRao: 1n,
        stakes: [{ kind: 'added', coldkey: 'c', hotkey, netuid, taoRao: rao, alpha, feeRao: 0n }],
      },
      at,
    );
  };
  for (let k = 0; k < 3; k++) await stake(k, 51, 5_525_000_000n, 2_500_000_000n, 2_210_000_000n);
  await stake(3, 51, 5_525_000_000n, 2_762_500_000n, 2_000_000_000n);
  for (let k = 0; k < 4; k++) await stake(k, 64, 22_100_000_000n, 20_000_000_000n, 1_105_000_000n);
  await new AuditLog(db).append({ actor: 'test', action: 'seeded', planId: PLAN }, T0);
  await db.close();
}

describe('govbridge report and status over the SQLite file', () => {
  const dir = tempDir();
  const env = testEnv({ GOVBRIDGE_DATA_DIR: dir });
  beforeAll(() => seed(dir));

  it('report prints the review table with exact figures and says where prices came from', async () => {
    const r = await runCli(['report', PLAN], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sn51 = r.stdout.split('\n').find((l) => l.startsWith('SN51 Celium'))!;
    // 22.1 TAO for 10.2625 alpha: 2.153471... entry; priced at the last recorded 2.0.
    expect(sn51.split(/\s{2,}/)).toEqual([
      'SN51 Celium',
      '22.1 / 44.2',
      '22.1',
      '0',
      '10.262',
      '2.1534',
      '2',
      '20.525',
      '-1.575',
      '-7.12%',
    ]);
    expect(r.stdout).toMatch(/Root share \(held\)\s+663\s+663\s+0/);
    expect(r.stdout).toMatch(/^SN51 Celium: 22\.1 of 44\.2 TAO sent \(0 TAO fees\)$/m);
    expect(r.stdout).toContain('note: current prices are the last ones recorded in the ledger');
  });

  it('report --json gives the API shape, amounts in RAO strings', async () => {
    const r = await runCli(['report', PLAN, '--json'], env);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as {
      planId: string;
      review: { subnets: { netuid: number; deployedRao: string; changePercent: string }[] };
    };
    expect(body.planId).toBe(PLAN);
    expect(body.review.subnets.find((s) => s.netuid === 64)).toMatchObject({ deployedRao: '88400000000', changePercent: '0.00' });
  });

  it('report names an unknown plan and exits 1', async () => {
    const r = await runCli(['report', 'nope'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('govbridge: no such plan: nope\n');
  });

  it('status draws progress bars per subnet', async () => {
    const r = await runCli(['status'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${PLAN}  Treasury allocation  [active]`);
    // 22.1 of 44.2 TAO: half of 24 cells.
    expect(r.stdout).toMatch(/SN51 Celium \[############\.{12}\] 22\.1 of 44\.2 TAO sent \(0 TAO fees\), 10\.262 alpha/);
    expect(r.stdout).toMatch(/plan 884 TAO: 663 TAO held at root, 221 TAO by DCA/);
    expect(r.stdout).toMatch(/tranches 4\/8\)/);
    expect(r.stdout).toMatch(/total\s+\[/);
  });

  it('status on an empty store says so', async () => {
    const empty = path.join(dir, 'empty');
    await (await openDb(path.join(empty, 'govbridge.sqlite'))).close();
    const r = await runCli(['status'], testEnv({ GOVBRIDGE_DATA_DIR: empty }));
    expect(r).toMatchObject({ code: 0, stdout: 'no plans yet\n' });
  });

  it('status where no store exists names the path and creates nothing', async () => {
    const none = path.join(dir, 'none');
    const r = await runCli(['status'], testEnv({ GOVBRIDGE_DATA_DIR: none }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no store at ${path.join(none, 'govbridge.sqlite')}`);
    expect(fs.existsSync(none)).toBe(false);
  });

  it('has useful --help', async () => {
    const r = await runCli(['report', '--help'], env);
    expect(r.stdout).toMatch(/average entry price/);
    expect(r.stdout).toMatch(/--json/);
  });
});
