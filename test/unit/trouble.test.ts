import { adviceFor, failingStreak, reasonCode, refusalsByCode } from '../../src/http/trouble';
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
});
