import fc from 'fast-check';
import { seedPlan } from '../helpers/seed-plan';
import { bpsToPercent, raoToTao, reviewPlan } from '../../src/domain/review';

const plan = seedPlan;

describe('post-execution review', () => {
  it('computes average entry, current value and change exactly', () => {
    const r = reviewPlan(
      plan,
      [
        { netuid: 51, taoRao: 5_525_000_000n, alpha: 2_000_000_000n, feeRao: 10n },
        { netuid: 51, taoRao: 5_525_000_000n, alpha: 3_000_000_000n, feeRao: 20n },
      ],
      new Map([[51, 2_000_000_000n], [64, 1_000_000_000n]]),
    );
    const sn51 = r.subnets.find((s) => s.netuid === 51)!;
    expect(sn51).toMatchObject({
      deployedRao: 11_050_000_000n,
      alphaReceived: 5_000_000_000n,
      feesRao: 30n,
      tranches: 2,
      averageEntryPrice: 2_210_000_000n,
      currentValueRao: 10_000_000_000n,
      changeRao: -1_050_000_000n,
      changeBps: -950n,
    });
    expect(bpsToPercent(sn51.changeBps!)).toBe('-9.50');
    const sn64 = r.subnets.find((s) => s.netuid === 64)!;
    expect(sn64).toMatchObject({ deployedRao: 0n, averageEntryPrice: null, currentValueRao: 0n, changeBps: null });
    expect(r.root).toEqual({ plannedRao: 663_000_000_000n, valueRao: 663_000_000_000n });
    expect(r.totals).toEqual({ deployedRao: 11_050_000_000n, currentValueRao: 10_000_000_000n, changeRao: -1_050_000_000n, changeBps: -950n });
  });

  it('has no current value without a price', () => {
    const r = reviewPlan(plan, [{ netuid: 51, taoRao: 1n, alpha: 1n, feeRao: 0n }], new Map(), 700n);
    expect(r.subnets[0]!.currentValueRao).toBeNull();
    expect(r.totals.currentValueRao).toBeNull();
    expect(r.root.valueRao).toBe(700n);
  });

  it('deployed sums are exact for any tranches', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 2_000_000n, max: 10n ** 15n }), { maxLength: 60 }), (amounts) => {
        const r = reviewPlan(plan, amounts.map((a) => ({ netuid: 64, taoRao: a, alpha: a, feeRao: 0n })), new Map([[64, 1_000_000_000n]]));
        const sum = amounts.reduce((s, a) => s + a, 0n);
        expect(r.subnets[1]!.deployedRao).toBe(sum);
        expect(r.subnets[1]!.changeRao).toBe(0n);
      }),
    );
  });

  it('formats TAO and percents without floats', () => {
    expect(raoToTao(44_200_000_000n)).toBe('44.2');
    expect(raoToTao(749_152_543n)).toBe('0.749152543');
    expect(raoToTao(-1_050_000_000n)).toBe('-1.05');
    expect(raoToTao(5n * 10n ** 9n)).toBe('5');
    expect(bpsToPercent(1234n)).toBe('12.34');
    expect(bpsToPercent(-5n)).toBe('-0.05');
  });
});
