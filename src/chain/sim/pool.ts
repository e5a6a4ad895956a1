/**
 * Constant-product pool math for the dry-run chain, in exact integer arithmetic: TAO reserve
 * (RAO) times alpha reserve stays constant across a swap, rounding always in the pool's favour.
 * Prices are RAO per whole alpha (10^9 base units), as the real runtime reports them.
 */
export const PRICE_ONE = 1_000_000_000n;

export interface Pool {
  taoRao: bigint;
  alpha: bigint;
}

export interface BuyQuote {
  feeRao: bigint;
  alphaOut: bigint;
  priceBefore: bigint;
  priceAfter: bigint;
  pool: Pool;
}

export function poolPrice(p: Pool): bigint {
  return p.alpha === 0n ? 0n : (p.taoRao * PRICE_ONE) / p.alpha;
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('square root of a negative number');
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  // Newton steps from the float estimate until the exact floor root is reached.
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x -= 1n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x;
}

/** Swap `amountRao` of TAO into the pool; the fee (feePpm of the amount) is kept aside. */
export function quoteBuy(p: Pool, amountRao: bigint, feePpm: bigint): BuyQuote {
  const feeRao = (amountRao * feePpm) / 1_000_000n;
  const taoIn = amountRao - feeRao;
  const k = p.taoRao * p.alpha;
  const taoAfter = p.taoRao + taoIn;
  const alphaAfter = ceilDiv(k, taoAfter);
  const pool = { taoRao: taoAfter, alpha: alphaAfter };
  return { feeRao, alphaOut: p.alpha - alphaAfter, priceBefore: poolPrice(p), priceAfter: poolPrice(pool), pool };
}

/** Swap `alphaIn` out of stake back to TAO; the fee is taken from the TAO paid out. */
export function quoteSell(p: Pool, alphaIn: bigint, feePpm: bigint): { taoOut: bigint; feeRao: bigint; pool: Pool } {
  const k = p.taoRao * p.alpha;
  const alphaAfter = p.alpha + alphaIn;
  const taoAfter = ceilDiv(k, alphaAfter);
  const gross = p.taoRao - taoAfter;
  const feeRao = (gross * feePpm) / 1_000_000n;
  return { taoOut: gross - feeRao, feeRao, pool: { taoRao: taoAfter, alpha: alphaAfter } };
}

/**
 * Moves the pool along its curve to a new price, as other traders' net flow would: the product
 * of the reserves is kept, so depth is unchanged and only the price moves.
 */
export function moveToPrice(p: Pool, price: bigint): Pool {
  const k = p.taoRao * p.alpha;
  const taoRao = isqrt((k * price) / PRICE_ONE);
  if (taoRao === 0n) return p;
  return { taoRao, alpha: k / taoRao };
}
