import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../helpers/cli';
import { tempDir, testEnv } from '../../helpers/tmp';
import { openDb } from '../../../src/store/db';
import { Ledger } from '../../../src/store/ledger';
import { parseProposal } from '../../../src/domain/parse';
import { createDryRunChain } from '../../../src/chain/sim';

const SEED = path.join(__dirname, '..', '..', 'fixtures', 'roko-proposal-39-goverland-page.txt');

describe('govbridge simulate', () => {
  it('runs the seed proposal daily to completion and prints per-subnet results as JSON', async () => {
    const r = await runCli(['simulate', SEED, '--start', '2025-02-14T00:00:00Z', '--cadence', 'P1D', '--seed', '3', '--json'], testEnv());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      completed: boolean;
      subnets: { netuid: number; tranches: number; rao: string; alpha: string; avgPrice: string }[];
      lumpSum: { subnets: { netuid: number; alpha: string; tranches: number }[] };
      totals: { rao: string; cheaperThanLumpSumBps: number };
    };
    expect(out.completed).toBe(true);
    expect(out.subnets.map((s) => s.netuid).sort((a, b) => a - b)).toEqual([4, 19, 27, 51, 64]);
    for (const s of out.subnets) {
      expect(s.tranches).toBe(59);
      expect(s.rao).toBe('44200000000');
      expect(BigInt(s.alpha)).toBeGreaterThan(0n);
      expect(BigInt(s.avgPrice)).toBe((44_200_000_000n * 1_000_000_000n) / BigInt(s.alpha));
    }
    expect(out.lumpSum.subnets).toHaveLength(5);
    expect(out.lumpSum.subnets.every((s) => s.tranches === 1 && BigInt(s.alpha) > 0n)).toBe(true);
    expect(out.totals.rao).toBe('221000000000');
    expect(typeof out.totals.cheaperThanLumpSumBps).toBe('number');
  });

  it('is deterministic under a seed, and weekly makes 8 tranches', async () => {
    const args = ['simulate', SEED, '--start', '2025-02-14T00:00:00Z', '--cadence', 'P1W', '--seed', '9', '--json'];
    const a = await runCli(args, testEnv());
    const b = await runCli(args, testEnv());
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout) as { subnets: { tranches: number; rao: string }[] };
    expect(out.subnets.every((s) => s.tranches === 8 && s.rao === '44200000000')).toBe(true);
  });

  it('prints a table by default and refuses a cadence the plan does not allow', async () => {
    const table = await runCli(
      ['simulate', SEED, '--start', '2025-02-14T00:00:00Z', '--cadence', 'P1W', '--strategy', 'price-aware'],
      testEnv(),
    );
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/netuid\s+tranches/);
    expect(table.stdout).toMatch(/lump-sum/);
    const bad = await runCli(['simulate', SEED, '--start', '2025-02-14T00:00:00Z', '--cadence', 'P2D'], testEnv());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/cadence P2D is not allowed by the plan/);
    const noStart = await runCli(['simulate', SEED, '--start', 'yesterday', '--cadence', 'P1D'], testEnv());
    expect(noStart.code).toBe(2);
  });

  it('refuses a --start without a zone, which the host would read in its own local time', async () => {
    const local = await runCli(['simulate', SEED, '--start', '2025-02-14T00:00', '--cadence', 'P1W'], testEnv({ TZ: 'America/New_York' }));
    expect(local.code).toBe(2);
    expect(local.stderr).toMatch(/--start "2025-02-14T00:00" is not an ISO 8601 time with a zone/);
    const zoned = await runCli(
      ['simulate', SEED, '--start', '2025-02-14T00:00-05:00', '--cadence', 'P1W', '--json'],
      testEnv({ TZ: 'Asia/Tokyo' }),
    );
    expect(zoned.code).toBe(0);
    expect((JSON.parse(zoned.stdout) as { start: string }).start).toBe('2025-02-14T05:00:00.000Z');
  });

  it('refuses a body that is not an executable plan, naming the problem', async () => {
    const body = 'Allocate 100 TAO: 60% to SN1 and 50% to SN2, daily over 2 months.';
    const r = await runCli(['simulate', '-', '--start', '2025-02-14T00:00:00Z', '--cadence', 'P1D'], testEnv(), body);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot be executed/);
  });
});

describe('govbridge ledger', () => {
  const dir = tempDir();
  const env = testEnv({ GOVBRIDGE_DATA_DIR: dir });

  it("shows a plan's rows as a table or JSON, and exits 1 for an unknown plan", async () => {
    const db = await openDb(path.join(dir, 'govbridge.sqlite'));
    const chain = createDryRunChain({ seed: 1, clock: () => new Date('2025-02-14T00:00:00Z') });
    const tx = await chain.prepare([{ kind: 'addStakeLimit', hotkey: 'hk', netuid: 51, amountRao: 749_152_543n, limitPrice: 10n ** 12n }]);
    if (!tx.ok) throw new Error('prepare failed');
    const ledger = new Ledger(db);
    await ledger.recordSubmitting(
      [
        {
          planId: 'p1',
          kind: 'tranche',
          netuid: 51,
          trancheIndex: 0,
          action: 'addStakeLimit',
          hotkey: 'hk',
          amount: 749_152_543n,
          price: 1n,
          limitPrice: 2n,
        },
      ],
      tx.value,
      new Date(),
    );
    await db.close();
    const text = await runCli(['ledger', 'p1'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/submitting/);
    expect(text.stdout).toMatch(/ 0\.749152543 /);
    const json = await runCli(['ledger', 'p1', '--json'], env);
    const out = JSON.parse(json.stdout) as { rows: { status: string; amount: string; nonce: number }[] };
    expect(out.rows[0]).toMatchObject({ status: 'submitting', amount: '749152543', nonce: 0 });
    const none = await runCli(['ledger', 'nope'], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no such plan: nope/);
  });
});

describe('the seed fixture through the parser', () => {
  it('gives the plan the executor tests build by hand', () => {
    const r = parseProposal(fs.readFileSync(SEED, 'utf8'));
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.kind !== 'allocation') return;
    expect(r.value.totalRao).toBe(884_000_000_000n);
    expect(r.value.allocations.filter((a) => a.mode === 'dca').map((a) => [a.netuid, a.rao])).toEqual(
      [51, 64, 19, 4, 27].map((n) => [n, 44_200_000_000n]),
    );
  });
});
