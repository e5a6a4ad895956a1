import type { ChainPort } from '../../../src/chain/port';
import type { DryRunChain } from '../../../src/chain/sim';
import { placeholderHotkey } from '../../../src/chain/sim';
import { Prng } from '../../../src/chain/sim/prng';
import { OUTCOME } from '../../../src/domain/execution/outcome';
import { DAY_MS, SEED_START, harness, seedPlan, type Harness } from '../../helpers/executor';

const DCA = [51, 64, 19, 4, 27];
const at = (day: number, minutes = 0) => new Date(SEED_START.getTime() + day * DAY_MS + minutes * 60_000);

class Crash extends Error {}

/** The real dry-run chain, with the process "dying" around one send: before it, or after it. */
function crashing(chain: DryRunChain, when: 'before-send' | 'after-send'): ChainPort {
  const port = Object.create(chain) as DryRunChain;
  port.send = async (tx, cb) => {
    if (when === 'after-send') await chain.send(tx, cb);
    throw new Crash(`simulated crash ${when}`);
  };
  return port;
}

/** Zero double stakes, zero lost tranches: chain and ledger agree to the unit. */
async function expectChainAndLedgerAgree(h: Harness) {
  const rows = (await h.ledger.forPlan('seed')).filter((r) => r.kind === 'tranche');
  expect(rows.filter((r) => r.status === 'submitting' || r.status === 'in-block')).toEqual([]);
  for (const netuid of DCA) {
    const done = rows.filter((r) => r.netuid === netuid && r.status === 'finalized');
    expect(done.reduce((s, r) => s + r.amount, 0n)).toBe(44_200_000_000n);
    expect(new Set(done.map((r) => r.trancheIndex)).size).toBe(59);
    expect(done).toHaveLength(59);
    const alpha = done.reduce((s, r) => s + r.alpha!, 0n);
    expect(await h.chain.stake(placeholderHotkey(netuid), h.chain.treasury, netuid)).toBe(alpha);
    expect(h.chain.trades.filter((t) => t.netuid === netuid)).toHaveLength(done.length);
  }
}

describe('a crash between the ledger write and the send', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    h.plans.add('seed', seedPlan());
  });
  afterAll(() => h.close());

  it('leaves submitting rows that wait for the era to expire, then are retried once, never twice', async () => {
    await h.executor().runOnce(at(0));
    h.setTime(at(1));
    const dying = h.executor({}, crashing(h.chain, 'before-send'));
    const r = await dying.runOnce(at(1));
    expect(r.problems.map((p) => p.code)).toEqual(['tick.internal']);
    expect(await h.ledger.unsettled()).toHaveLength(5);
    // Restart: the tx might still be in a pool until its era ends, so nothing new goes out.
    const restarted = h.executor();
    h.setTime(at(1, 1));
    expect(await restarted.reconcileAtStart(at(1, 1))).toEqual({ settled: 0, pending: 1 });
    expect((await restarted.runOnce(at(1, 1))).sent).toBe(0);
    // After the era (64 blocks of 12 s), the chain proves it can never land: the tranche is retried.
    h.setTime(at(1, 14));
    const after = await restarted.runOnce(at(1, 14));
    expect(after.reconciled).toBe(1);
    expect(after.batch).toBe('included');
    const t1 = (await h.ledger.forPlan('seed')).filter((x) => x.trancheIndex === 1);
    expect(t1.filter((x) => x.status === 'failed').every((x) => x.outcomeCode === OUTCOME.notIncluded)).toBe(true);
    expect(t1.filter((x) => x.status === 'finalized')).toHaveLength(5);
  });
});

describe('a crash between the send and the ledger update', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    h.plans.add('seed', seedPlan());
  });
  afterAll(() => h.close());

  it('is reconciled from the chain at start: finalized with the events, not resent', async () => {
    await h.executor().runOnce(at(0));
    h.setTime(at(1));
    await h.executor({}, crashing(h.chain, 'after-send')).runOnce(at(1));
    expect(await h.ledger.unsettled()).toHaveLength(5);
    const trades = h.chain.trades.length;
    const restarted = h.executor();
    expect(await restarted.reconcileAtStart(at(1, 1))).toEqual({ settled: 1, pending: 0 });
    expect((await restarted.runOnce(at(1, 2))).sent).toBe(0);
    expect(h.chain.trades).toHaveLength(trades);
    const t1 = (await h.ledger.forPlan('seed')).filter((x) => x.trancheIndex === 1);
    expect(t1.map((x) => x.status)).toEqual(Array(5).fill('finalized'));
    expect(t1.every((x) => x.alpha! > 0n)).toBe(true);
  });
});

describe('crashes at random points over the whole plan', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    h.plans.add('seed', seedPlan());
  });
  afterAll(() => h.close());

  it('end with zero double stakes and zero lost tranches', async () => {
    const rng = new Prng(2025);
    let crashes = 0;
    let exec = h.executor();
    for (let day = 0; day <= 60; day++) {
      for (const minutes of [0, 15, 30, 45]) {
        h.setTime(at(day, minutes));
        if (minutes === 0 && rng.next() < 0.4) {
          const kind = rng.next() < 0.5 ? 'before-send' : 'after-send';
          await h.executor({}, crashing(h.chain, kind)).runOnce(h.now());
          crashes++;
          exec = h.executor();
          await exec.reconcileAtStart(h.now());
          continue;
        }
        const r = await exec.runOnce(h.now());
        expect(r.problems).toEqual([]);
      }
    }
    expect(crashes).toBeGreaterThanOrEqual(20);
    expect(await h.plans.state('seed')).toBe('completed');
    await expectChainAndLedgerAgree(h);
  });
});
