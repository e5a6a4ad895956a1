/**
 * Exact fractions for configuration figures written as decimal strings ("0.02", "1.5"), so that
 * limit prices and tranche factors never pass through a float.
 */
export interface Ratio {
  num: bigint;
  den: bigint;
}

export function parseRatio(decimal: string): Ratio {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!m) throw new RangeError(`"${decimal}" is not a decimal number`);
  const frac = m[2] ?? '';
  return { num: BigInt(m[1]! + frac), den: 10n ** BigInt(frac.length) };
}

/** `limit_price` = price × (1 + maxSlippage), rounded down so it is never looser than allowed. */
export function limitPrice(price: bigint, maxSlippage: string): bigint {
  const s = parseRatio(maxSlippage);
  return (price * (s.den + s.num)) / s.den;
}

/** a/b < c/d for positive denominators. */
export const ratioLess = (a: Ratio, b: Ratio): boolean => a.num * b.den < b.num * a.den;

/** amount × r, rounded down. */
export const scale = (amount: bigint, r: Ratio): bigint => (amount * r.num) / r.den;
