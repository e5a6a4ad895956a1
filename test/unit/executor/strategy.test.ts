import fc from 'fast-check';
import { buildSchedule } from '../../../src/domain/schedule';
import { MIN_TRANCHE_RAO } from '../../../src/domain/plan';
import { priceAwareAmount, uniformAmount } from '../../../src/domain/execution/strategy';
import { limitPrice, parseRatio } from '../../../src/domain/execution/ratio';
import { seedPlan, SEED_START } from '../../helpers/executor';

const sn51 = buildSchedule(seedPlan(), SEED_START, 'P1D').filter((t) => t.netuid === 51);
const A = 44_200_000_000n;

describe('uniform tranche sizing', () => {
  it('is exactly the docs/design.md §4 schedule when on track: 22 × 749152543 then 37 × 749152542', () => {
    let remaining = A;
    const amounts: bigint[] = [];
    for (let k = 0; k < 59; k++) {
      const a = uniformAmount(sn51, k, remaining);
      amounts.push(a);
      remaining -= a;
    }
    expect(amounts.slice(0, 22).every((a) => a === 749_152_543n)).toBe(true);
    expect(amounts.slice(22).every((a) => a === 749_152_542n)).toBe(true);
    expect(remaining).toBe(0n);
  });

  it('re-spreads missed tranches evenly and the last tranche sweeps the remainder', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 59, maxLength: 59 }), (skips) => {
        let remaining = A;
        for (let k = 0; k < 59; k++) {
          const a = uniformAmount(sn51, k, remaining);
          if (k === 58) expect(a).toBe(remaining);
          if (!skips[k] || k === 58) remaining -= a;
        }
        expect(remaining).toBe(0n);
      }),
    );
  });
});

describe('price-aware tranche sizing', () => {
  const bounds = { minFactor: '0.5', maxFactor: '2' };
  const base = 749_152_543n;

  it('buys more below the trailing average and less above it, within the bounds', () => {
    expect(priceAwareAmount(base, A, 59, 80n, [100n, 100n, 100n], bounds)).toBe((base * 100n) / 80n);
    expect(priceAwareAmount(base, A, 59, 125n, [100n, 100n], bounds)).toBe((base * 100n) / 125n);
    expect(priceAwareAmount(base, A, 59, 10n, [100n, 100n], bounds)).toBe(base * 2n);
    expect(priceAwareAmount(base, A, 59, 1000n, [100n, 100n], bounds)).toBe(base / 2n);
    expect(priceAwareAmount(base, A, 59, 10n, [100n], bounds)).toBe(base);
  });

  it('keeps the total unchanged over any price path, every tranche at least the chain minimum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 59, maxLength: 59 }), (prices) => {
        let remaining = A;
        const seen: bigint[] = [];
        for (let k = 0; k < 59; k++) {
          const price = BigInt(prices[k]!);
          const a = priceAwareAmount(uniformAmount(sn51, k, remaining), remaining, 59 - k, price, seen.slice(-7), bounds);
          expect(a >= MIN_TRANCHE_RAO && a <= remaining).toBe(true);
          remaining -= a;
          seen.push(price);
        }
        expect(remaining).toBe(0n);
      }),
    );
  });
});

describe('limit price', () => {
  it('is price × (1 + maxSlippage) in exact integers, rounded down', () => {
    expect(limitPrice(20_000_000n, '0.02')).toBe(20_400_000n);
    expect(limitPrice(1n, '0.5')).toBe(1n);
    expect(limitPrice(33_333_333n, '0.015')).toBe(33_833_332n);
    expect(limitPrice(10n ** 30n, '0.000000001')).toBe(10n ** 30n + 10n ** 21n);
    expect(parseRatio('1.25')).toEqual({ num: 125n, den: 100n });
    expect(() => parseRatio('-1')).toThrow(/not a decimal/);
  });
});
