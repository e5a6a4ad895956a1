import { buildSchedule } from '../../../src/domain/schedule';
import type { LedgerProgress } from '../../../src/store/ledger';
import { dueDecision } from '../../../src/domain/execution/due';
import { phase1 } from '../../../src/domain/execution/phase1';
import { planProblems } from '../../../src/domain/execution/plan-checks';
import { TickBudget } from '../../../src/domain/execution/caps';
import { DAY_MS, SEED_START, TAO, seedPlan } from '../../helpers/executor';
import { OUTCOME, chainOutcome } from '../../../src/domain/execution/outcome';

const own = buildSchedule(seedPlan(), SEED_START, 'P1D').filter((t) => t.netuid === 51);
const A = 44_200_000_000n;
const day = (d: number, min = 0) => new Date(SEED_START.getTime() + d * DAY_MS + min * 60_000);
const row = (trancheIndex: number, status: LedgerProgress['status'], amount = own[trancheIndex]!.rao): LedgerProgress => ({
  kind: 'tranche',
  netuid: 51,
  trancheIndex,
  status,
  amount,
  outcomeCode: status === 'failed' || status === 'skipped' ? chainOutcome('SlippageTooHigh') : null,
});

describe('dueDecision', () => {
  it('buys the latest due tranche once', () => {
    expect(dueDecision(A, own, [], day(0), 3)).toMatchObject({ kind: 'buy', index: 0, tranchesLeft: 59, remaining: A });
    expect(dueDecision(A, own, [row(0, 'finalized')], day(0, 5), 3).kind).toBe('idle');
    expect(dueDecision(A, own, [row(0, 'finalized')], day(1), 3)).toMatchObject({ kind: 'buy', index: 1 });
  });

  it('waits while a transaction is unsettled', () => {
    expect(dueDecision(A, own, [row(0, 'submitting')], day(1), 3).kind).toBe('wait');
    expect(dueDecision(A, own, [row(0, 'in-block')], day(1), 3).kind).toBe('wait');
  });

  it('retries a refused tranche up to the bound, then leaves it to the re-spread', () => {
    const refused = [row(3, 'skipped'), row(3, 'skipped')];
    expect(dueDecision(A, own, refused, day(3, 2), 2)).toMatchObject({ kind: 'buy', index: 3, attempt: 3 });
    expect(dueDecision(A, own, [...refused, row(3, 'failed')], day(3, 3), 2).kind).toBe('idle');
  });

  it('does not count a tx that was never included (crash, expired era) as a refusal', () => {
    const lost = { ...row(3, 'failed'), outcomeCode: OUTCOME.notIncluded };
    expect(dueDecision(A, own, [lost, lost, lost, lost], day(3, 5), 2)).toMatchObject({ kind: 'buy', index: 3, attempt: 1 });
    expect(dueDecision(A, own, [lost, row(3, 'skipped'), row(3, 'skipped'), row(3, 'failed')], day(3, 5), 2).kind).toBe('idle');
  });

  it('counts every other refusal code, the generic one too', () => {
    const refused = { ...row(3, 'failed'), outcomeCode: OUTCOME.refused };
    expect(dueDecision(A, own, [refused, refused, refused], day(3, 5), 2).kind).toBe('idle');
    expect(dueDecision(A, own, [refused, refused], day(3, 5), 2)).toMatchObject({ kind: 'buy', attempt: 3 });
  });

  it('after missed days buys only the current tranche with everything left', () => {
    const d = dueDecision(A, own, [row(0, 'finalized')], day(5), 3);
    expect(d).toMatchObject({ kind: 'buy', index: 5, tranchesLeft: 54, remaining: A - own[0]!.rao });
  });

  it('continues the cadence past the window while money is left, and stops when the allocation is bought', () => {
    const extend = (k: number) => day(k);
    const bought = own.slice(0, 58).map((t) => row(t.index, 'finalized'));
    const refused = [1, 2, 3, 4].map(() => row(58, 'skipped'));
    expect(dueDecision(A, own, [...bought, ...refused], day(58, 9), 3, extend).kind).toBe('idle');
    expect(dueDecision(A, own, [...bought, ...refused], day(59, 1), 3, extend)).toMatchObject({ kind: 'buy', index: 59, tranchesLeft: 1 });
    expect(dueDecision(A, own, [...bought, ...refused], day(75), 3, extend)).toMatchObject({ kind: 'buy', index: 75 });
    expect(dueDecision(A, own, [...bought, row(58, 'finalized')], day(60), 3, extend).kind).toBe('idle');
  });

  it('is idle before the first tranche is due', () => {
    expect(dueDecision(A, own, [], new Date(SEED_START.getTime() - 1), 3).kind).toBe('idle');
  });
});

describe('phase 1', () => {
  const plan = seedPlan();
  it('unstakes only what frees the DCA budget', () => {
    expect(phase1(plan, 0n, 884n * TAO, 'hk')).toMatchObject({ kind: 'move', action: { kind: 'removeStake', amountAlpha: 221n * TAO } });
    expect(phase1(plan, 21n * TAO, 2000n * TAO, 'hk')).toMatchObject({
      kind: 'move',
      action: { kind: 'removeStake', amountAlpha: 200n * TAO },
    });
  });
  it('stakes the root share from free balance', () => {
    expect(phase1(plan, 884n * TAO, 0n, 'hk')).toMatchObject({
      kind: 'move',
      action: { kind: 'addStake', netuid: 0, amountRao: 663n * TAO },
    });
  });
  it('is ready when the chain already holds the split, and short when funds are missing', () => {
    expect(phase1(plan, 221n * TAO, 663n * TAO, 'hk').kind).toBe('ready');
    expect(phase1(plan, 100n * TAO, 700n * TAO, 'hk')).toMatchObject({ kind: 'short' });
  });
});

describe("the executor's own plan checks", () => {
  it('pass the seed plan and name each inconsistency', () => {
    expect(planProblems(seedPlan())).toEqual([]);
    const twice = seedPlan();
    twice.allocations.push({ ...twice.allocations[1]!, rao: 0n });
    expect(planProblems(twice)).toEqual(['netuid 51 appears twice']);
    const noDca = { ...seedPlan(), dca: null };
    expect(planProblems(noDca)).toEqual(['DCA allocations without a DCA duration']);
  });
});

describe('tick budget', () => {
  it('grants within per-tick and per-day caps, never a dust grant under the chain minimum', () => {
    const b = new TickBudget(10n * TAO, 25n * TAO, 20n * TAO);
    expect(b.take(8n * TAO)).toBe(5n * TAO);
    expect(b.take(1n * TAO)).toBe(0n);
    b.refund(5n * TAO);
    expect(b.take(3n * TAO)).toBe(3n * TAO);
  });
});
