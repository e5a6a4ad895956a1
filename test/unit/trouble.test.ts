import { adviceFor, failingStreak, reasonCode, refusalsByCode, trancheCode } from '../../src/http/trouble';
import { OUTCOME, chainOutcome } from '../../src/domain/execution/outcome';
import type { TrancheView } from '../../src/http/ports';

const at = (min: number) => new Date(Date.parse('2025-02-14T00:00:00Z') + min * 60_000).toISOString();
const row = (min: number, state: TrancheView['state'], reason: string | null = null): TrancheView => ({
  id: String(min),
  planId: 'p',
  netuid: 51,
  index: min,
  state,
  amountRao: 1n,
  taoRao: null,
  alpha: null,
  feeRao: null,
  txHash: null,
  blockNumber: null,
  reason,
  at: at(min),
});

describe('trouble: a plan whose recent tranches all fail', () => {
  it('counts the failures since the last finalized tranche, newest reason first', () => {
    const rows = [
      row(0, 'finalized'),
      ...[1, 2, 3, 4].map((m) => row(m, 'failed', 'BalanceTooLow: no funds')),
      row(5, 'skipped', 'not signed: NotProxy: not a proxy'),
    ];
    expect(failingStreak(rows, 5)).toEqual({
      count: 5,
      code: 'NotProxy',
      reason: 'not signed: NotProxy: not a proxy',
      advice: adviceFor('NotProxy'),
      since: at(1),
    });
    expect(failingStreak(rows, 6)).toBeNull();
  });

  it('is clear once a tranche lands, and ignores rows the chain has not settled', () => {
    const rows = [...[0, 1, 2, 3, 4].map((m) => row(m, 'failed', 'X: y')), row(5, 'finalized'), row(6, 'submitting')];
    expect(failingStreak(rows, 1)).toBeNull();
    expect(failingStreak([row(0, 'submitting')], 1)).toBeNull();
  });

  it('orders by time, whatever order the rows come in', () => {
    const rows = [row(9, 'finalized'), ...[1, 2, 3].map((m) => row(m, 'failed', 'X: y'))];
    expect(failingStreak(rows, 1)).toBeNull();
  });

  it('reads reason codes and gives advice for known ones, a general step otherwise', () => {
    expect(reasonCode('SlippageTooHigh: the chain refused')).toBe('SlippageTooHigh');
    expect(reasonCode('NotIncluded: its era expired')).toBe('NotIncluded');
    expect(reasonCode(null)).toBe('Unknown');
    expect(adviceFor('SlippageTooHigh')).toMatch(/maxSlippage/);
    expect(adviceFor('Whatever')).toMatch(/govbridge ledger PLAN/);
    expect([
      ...refusalsByCode([row(0, 'failed', 'A: x'), row(1, 'skipped', 'A: y'), row(2, 'failed', 'B: z'), row(3, 'finalized')]),
    ]).toEqual([
      ['A', 2],
      ['B', 1],
    ]);
  });

  it('reads the code of a tranche from its outcome code before its words', () => {
    const coded = (outcomeCode: string | null, reason: string | null) => ({ ...row(0, 'failed', reason), outcomeCode });
    expect(trancheCode(coded(OUTCOME.notIncluded, 'the tx never landed'))).toBe('NotIncluded');
    expect(trancheCode(coded(chainOutcome('BalanceTooLow'), 'not signed: BalanceTooLow: no funds'))).toBe('BalanceTooLow');
    expect(trancheCode(coded(chainOutcome('CallFiltered'), 'NotIncluded: worded otherwise'))).toBe('CallFiltered');
    // A refusal no one named, or a view without codes, falls back to the head of the reason.
    expect(trancheCode(coded(OUTCOME.refused, 'price'))).toBe('price');
    expect(trancheCode(row(0, 'failed', 'SlippageTooHigh: x'))).toBe('SlippageTooHigh');
    const streak = failingStreak(
      [1, 2, 3].map((m) => ({ ...row(m, 'failed', 'lost'), outcomeCode: OUTCOME.notIncluded })),
      3,
    );
    expect(streak).toMatchObject({ count: 3, code: 'NotIncluded', advice: expect.stringMatching(/chain\.url/) });
  });
});
