import { buildSchedule } from '../../../src/domain/schedule';
import { placeholderHotkey } from '../../../src/chain/sim';
import type { Executor } from '../../../src/executor/executor';
import { DAY_MS, SEED_START, TAO, harness, seedPlan, type Harness } from '../../helpers/executor';

const DCA_NETUIDS = [51, 64, 19, 4, 27];

describe('executor: the seed plan on the dry-run chain, activation to completion', () => {
  let h: Harness;
  let exec: Executor;
  beforeAll(async () => {
    h = await harness();
    h.plans.add('seed', seedPlan());
    exec = h.executor();
  });
  afterAll(() => h.close());

  it('runs phase 1 at activation: 221 TAO unstaked from root, 663 TAO stay there', async () => {
    const r = await exec.runOnce(SEED_START);
    expect(r.problems).toEqual([]);
    expect(r.activated).toEqual(['seed']);
    expect(await h.plans.state('seed')).toBe('active');
    expect(await h.chain.stake(placeholderHotkey(0), h.chain.treasury, 0)).toBe(663n * TAO);
    const phase1 = (await h.ledger.forPlan('seed')).filter((x) => x.kind === 'phase1');
    expect(phase1).toHaveLength(1);
    expect(phase1[0]).toMatchObject({ action: 'removeStake', amount: 221n * TAO, status: 'finalized' });
    // Tranche 0 of every subnet went out in the same tick, in one batch.
    const t0 = (await h.ledger.forPlan('seed')).filter((x) => x.kind === 'tranche');
    expect(t0.map((x) => x.netuid).sort()).toEqual([...DCA_NETUIDS].sort());
    expect(new Set(t0.map((x) => x.txHash)).size).toBe(1);
  });

  it('buys 59 daily tranches per subnet, exactly as scheduled, and completes', async () => {
    // Ticks every 6 hours, as a cron would, including ticks where nothing is due.
    for (let t = SEED_START.getTime() + 6 * 3600_000; t <= SEED_START.getTime() + 60 * DAY_MS; t += 6 * 3600_000) {
      h.setTime(t);
      const r = await exec.runOnce(new Date(t));
      expect(r.problems).toEqual([]);
    }
    expect(await h.plans.state('seed')).toBe('completed');
    const schedule = buildSchedule(seedPlan(), SEED_START, 'P1D');
    const rows = (await h.ledger.forPlan('seed')).filter((x) => x.kind === 'tranche');
    expect(rows.every((x) => x.status === 'finalized')).toBe(true);
    for (const netuid of DCA_NETUIDS) {
      const own = rows.filter((x) => x.netuid === netuid);
      expect(own).toHaveLength(59);
      expect(own.map((x) => x.trancheIndex)).toEqual([...Array(59).keys()]);
      expect(own.map((x) => x.amount)).toEqual(schedule.filter((s) => s.netuid === netuid).map((s) => s.rao));
      expect(own.filter((x) => x.amount === 749_152_543n)).toHaveLength(22);
      expect(own.reduce((s, x) => s + x.amount, 0n)).toBe(44_200_000_000n);
      // The chain holds exactly the alpha the ledger recorded; the fee plus tao is the amount.
      const alpha = own.reduce((s, x) => s + x.alpha!, 0n);
      expect(await h.chain.stake(placeholderHotkey(netuid), h.chain.treasury, netuid)).toBe(alpha);
      for (const x of own) expect(x.taoRao! + x.feeRao!).toBe(x.amount);
      for (const x of own) expect(x.limitPrice! > x.price!).toBe(true);
    }
    expect(await h.chain.freeBalance(h.chain.treasury)).toBe(0n);
    expect(h.chain.trades).toHaveLength(59 * 5);
  });

  it('does nothing more once completed', async () => {
    h.setTime(SEED_START.getTime() + 61 * DAY_MS);
    const before = (await h.ledger.forPlan('seed')).length;
    const r = await exec.runOnce(h.now());
    expect(r.sent).toBe(0);
    expect(await h.ledger.forPlan('seed')).toHaveLength(before);
  });
});
