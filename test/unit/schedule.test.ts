import fc from 'fast-check';
import { buildSchedule, scheduleEnd, splitEvenly, trancheCount } from '../../src/domain/schedule';
import { addDuration, durationFromWords, parseIsoDuration, wholeCadences } from '../../src/domain/duration';
import { formatTao, parseDecimal, parsePercent, parseTaoAmount, shareOf } from '../../src/domain/amount';
import type { AllocationPlan } from '../../src/domain/plan';

const TAO = 1_000_000_000n;

function plan(duration: string, raos: bigint[], cadences = ['P1D', 'P1W']): AllocationPlan {
  const total = raos.reduce((a, b) => a + b, 0n);
  return {
    version: 1,
    kind: 'allocation',
    totalRao: total,
    allocations: raos.map((rao, i) => ({ netuid: i + 1, name: `S${i + 1}`, percent: '0', rao, mode: 'dca' as const })),
    dca: { duration, cadences },
    lock: null,
    source: 'block',
    warnings: [],
  };
}

describe('amounts', () => {
  it.each([
    ['44.2 TAO', 44_200_000_000n],
    ['44.2 $TAO', 44_200_000_000n],
    ['τ44.2', 44_200_000_000n],
    ['44.2τ', 44_200_000_000n],
    ['1,200 TAO', 1_200n * TAO],
    ['0.000000001 TAO', 1n],
    ['884', 884n * TAO],
  ])('%s is exact', (text, rao) => {
    expect(parseTaoAmount(text)).toEqual({ ok: true, value: rao });
  });

  it.each(['1,20 TAO', '0.0000000001 TAO', 'TAO', '4 4 TAO', '1.2.3 TAO'])('refuses %s', (text) => {
    expect(parseTaoAmount(text).ok).toBe(false);
  });

  it('normalises percents and refuses nonsense', () => {
    expect(parsePercent('12.50 %')).toEqual({ ok: true, value: '12.5' });
    expect(parsePercent('75%')).toEqual({ ok: true, value: '75' });
    expect(parsePercent('101%').ok).toBe(false);
    expect(parsePercent('five%').ok).toBe(false);
  });

  it('computes shares exactly or not at all', () => {
    expect(shareOf('5', 884n * TAO)).toBe(44_200_000_000n);
    expect(shareOf('33.333333333333', 1n)).toBeNull();
    expect(formatTao(44_200_000_000n)).toBe('44.2');
    expect(parseDecimal('1,200.50')).toEqual({ ok: true, value: { units: 120050n, scale: 2 } });
  });
});

describe('durations', () => {
  it.each([
    ['2-month', 'P2M'],
    ['2 months', 'P2M'],
    ['six weeks', 'P6W'],
    ['60 days', 'P60D'],
    ['a year', 'P1Y'],
    ['P8W', 'P8W'],
  ])('%s → %s', (words, iso) => expect(durationFromWords(words)).toBe(iso));

  it('refuses things that are not durations', () => {
    expect(durationFromWords('soon')).toBeNull();
    expect(parseIsoDuration('P').ok).toBe(false);
    expect(parseIsoDuration('P0D').ok).toBe(false);
    expect(parseIsoDuration('PT1H').ok).toBe(false);
  });

  it('does calendar months in UTC, clamping to the month end', () => {
    expect(addDuration(new Date('2025-02-14T00:00:00Z'), 'P2M').toISOString()).toBe('2025-04-14T00:00:00.000Z');
    expect(addDuration(new Date('2025-01-31T12:00:00Z'), 'P1M').toISOString()).toBe('2025-02-28T12:00:00.000Z');
    expect(addDuration(new Date('2024-01-31T00:00:00Z'), 'P1M').toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(addDuration(new Date('2025-11-15T00:00:00Z'), 'P3M').toISOString()).toBe('2026-02-15T00:00:00.000Z');
    expect(wholeCadences(new Date('2025-02-14T00:00:00Z'), 'P2M', 'P1W')).toBe(8);
    expect(wholeCadences(new Date('2025-01-01T00:00:00Z'), 'P3M', 'P1M')).toBe(3);
  });
});

describe('buildSchedule (docs/design.md §4)', () => {
  const start = new Date('2025-02-14T00:00:00Z');
  const seedLike = plan('P2M', [44_200_000_000n]);

  it('reproduces the daily figures of the seed', () => {
    const t = buildSchedule(seedLike, start, 'P1D');
    expect(t).toHaveLength(59);
    expect(t.filter((x) => x.rao === 749_152_543n)).toHaveLength(22);
    expect(t.filter((x) => x.rao === 749_152_542n)).toHaveLength(37);
    expect(t.slice(0, 22).every((x) => x.rao === 749_152_543n)).toBe(true);
    expect(t[58]!.dueAt.toISOString()).toBe('2025-04-13T00:00:00.000Z');
  });

  it('reproduces the weekly figures of the seed', () => {
    const t = buildSchedule(seedLike, start, 'P1W');
    expect(t.map((x) => x.rao)).toEqual(Array(8).fill(5_525_000_000n));
    expect(t.map((x) => x.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(trancheCount(seedLike, start, 'P1W')).toBe(8);
    expect(scheduleEnd(seedLike, start)?.toISOString()).toBe('2025-04-14T00:00:00.000Z');
  });

  it('refuses a cadence the plan does not allow, and skips hold allocations', () => {
    expect(() => buildSchedule(plan('P2M', [TAO], ['P1W']), start, 'P1D')).toThrow(/allowed: P1W/);
    expect(() => buildSchedule(plan('P5D', [TAO], ['P1W']), start, 'P1W')).toThrow(/shorter/);
    const withHold: AllocationPlan = {
      ...seedLike,
      allocations: [{ netuid: 0, name: 'Root', percent: '75', rao: TAO, mode: 'hold' }, ...seedLike.allocations],
    };
    expect(buildSchedule(withHold, start, 'P1W').every((x) => x.netuid === 1)).toBe(true);
  });

  it('always sums exactly and stays inside [start, end)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 15n }), { minLength: 1, maxLength: 5 }),
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('P2M', 'P1M', 'P6W', 'P60D', 'P1Y', 'P3M2W'),
        fc.constantFrom('P1D', 'P1W'),
        (raos, start, duration, cadence) => {
          const p = plan(duration, raos);
          const t = buildSchedule(p, start, cadence);
          const end = scheduleEnd(p, start)!;
          for (const [i, a] of p.allocations.entries()) {
            const mine = t.filter((x) => x.netuid === a.netuid);
            expect(mine.reduce((s, x) => s + x.rao, 0n)).toBe(raos[i]);
            const amounts = mine.map((x) => x.rao);
            expect(amounts.every((x) => x === amounts[0] || x === amounts[0]! - 1n)).toBe(true);
          }
          for (const x of t) {
            expect(x.dueAt.getTime()).toBeGreaterThanOrEqual(start.getTime());
            expect(x.dueAt.getTime()).toBeLessThan(end.getTime());
          }
          // The window is full: one more cadence would not fit.
          const n = trancheCount(p, start, cadence);
          expect(addDuration(start, cadence, n + 1).getTime()).toBeGreaterThan(end.getTime());
        },
      ),
      { numRuns: 100 },
    );
  });

  it('splits with the remainder on the first tranches', () => {
    expect(splitEvenly(10n, 3)).toEqual([4n, 3n, 3n]);
  });
});
