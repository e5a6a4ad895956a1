import { MIN_TRANCHE_RAO } from '../plan';
import type { Tranche } from '../schedule';
import { parseRatio, ratioLess, scale, type Ratio } from './ratio';

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/**
 * The uniform amount of tranche k given what is left of the allocation. On schedule it is
 * exactly the docs/design.md §4 tranche; when earlier tranches were missed (halt, downtime) or refused
 * for price, the remainder is re-spread evenly over the tranches left, so nothing is ever bought
 * in one lump, and the last tranche sweeps whatever remains (within the size bound below).
 */
export function uniformAmount(schedule: Tranche[], k: number, remaining: bigint): bigint {
  if (k >= schedule.length - 1) return remaining;
  const left = schedule.slice(k);
  const onSchedule = left.reduce((s, t) => s + t.rao, 0n);
  if (remaining === onSchedule) return schedule[k]!.rao;
  return ceilDiv(remaining, BigInt(left.length));
}

export interface PriceAwareBounds {
  minFactor: string;
  maxFactor: string;
}

/**
 * Price-aware sizing: base × (trailing average ÷ current price), clamped to [minFactor,
 * maxFactor], so it buys more when the price is below its recent average and less above it.
 * The remaining budget is re-spread by the caller on later tranches, so the total never changes;
 * the amount leaves at least the chain minimum for each later tranche.
 */
export function priceAwareAmount(
  base: bigint,
  remaining: bigint,
  tranchesLeft: number,
  price: bigint,
  recentPrices: bigint[],
  bounds: PriceAwareBounds,
): bigint {
  if (tranchesLeft <= 1) return remaining;
  let factor: Ratio = { num: 1n, den: 1n };
  if (recentPrices.length >= 2 && price > 0n) {
    const avg = recentPrices.reduce((s, p) => s + p, 0n) / BigInt(recentPrices.length);
    factor = { num: avg, den: price };
    const lo = parseRatio(bounds.minFactor);
    const hi = parseRatio(bounds.maxFactor);
    if (ratioLess(factor, lo)) factor = lo;
    if (ratioLess(hi, factor)) factor = hi;
  }
  const reserve = BigInt(tranchesLeft - 1) * MIN_TRANCHE_RAO;
  let amount = scale(base, factor);
  if (amount > remaining - reserve) amount = remaining - reserve;
  if (amount < MIN_TRANCHE_RAO) amount = remaining < MIN_TRANCHE_RAO ? remaining : MIN_TRANCHE_RAO;
  return amount;
}

/**
 * The size bound of any tranche, whatever the strategy or the re-spread ask: maxFactor × the
 * scheduled tranche. After a long halt the re-spread would otherwise grow tranches without
 * limit (or sweep everything in the last one); with the bound the plan runs past its window
 * instead, one bounded tranche per cadence, and is never bought in a lump.
 */
export function trancheBound(schedule: Tranche[], maxFactor: string): bigint {
  const base = schedule[0]?.rao ?? 0n;
  const bound = scale(base, parseRatio(maxFactor));
  return bound < MIN_TRANCHE_RAO ? MIN_TRANCHE_RAO : bound;
}
