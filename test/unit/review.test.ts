import fc from 'fast-check';
import { threeLinePlan } from '../helpers/three-line-plan';
import { bpsToPercent, reviewPlan } from '../../src/domain/review';
import { displayPrice, displayTao, taoText } from '../../src/domain/tao-text';

const plan = threeLinePlan;

describe('post-execution review', () => {
  it('computes average entry, current value and change exactly', () => {
    const r = reviewPlan(
      plan,
      [
        { netuid: 51, taoRao: 5_525_000_000n, alpha: 2_000_000_000n, feeRao: 10n },
        { netuid: 51, taoRao: 5_525_000_000n, alpha: 3_000_000_000n, feeRao: 20n },
      ],
      new Map([
        [51, 2_000_000_000n],
        [64, 1_000_000_000n],
      ]),
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
    expect(r.totals).toEqual({
      sentRao: 11_050_000_030n,
      feesRao: 30n,
      deployedRao: 11_050_000_000n,
      currentValueRao: 10_000_000_000n,
      changeRao: -1_050_000_000n,
      changeBps: -950n,
    });
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
        const r = reviewPlan(
          plan,
          amounts.map((a) => ({ netuid: 64, taoRao: a, alpha: a, feeRao: 0n })),
          new Map([[64, 1_000_000_000n]]),
        );
        const sum = amounts.reduce((s, a) => s + a, 0n);
        expect(r.subnets[1]!.deployedRao).toBe(sum);
        expect(r.subnets[1]!.changeRao).toBe(0n);
      }),
    );
  });

  it('formats TAO and percents without floats', () => {
    expect(taoText(44_200_000_000n)).toBe('44.2');
    expect(taoText(749_152_543n)).toBe('0.749152543');
    expect(taoText(-1_050_000_000n)).toBe('-1.05');
    expect(taoText(5n * 10n ** 9n)).toBe('5');
    // For people: three decimals cut toward zero, but a small amount keeps three digits.
    expect(displayTao(749_152_543n)).toBe('0.749');
    expect(displayTao(44_177_000_000n)).toBe('44.177');
    expect(displayTao(21_030_609n)).toBe('0.021');
    expect(displayTao(356_451n)).toBe('0.000356');
    expect(displayTao(-1_050_000_000n)).toBe('-1.05');
    expect(displayTao(1_234_567_000_000_000n)).toBe('1,234,567');
    expect(displayTao(0n)).toBe('0');
    expect(displayPrice(2_210_000_000n)).toBe('2.21');
    expect(displayPrice(12_345_678n)).toBe('0.0123');
    expect(bpsToPercent(1234n)).toBe('12.34');
    expect(bpsToPercent(-5n)).toBe('-0.05');
  });
});
