/**
 * Expected outcome of staking `amountRao` on a subnet before sending it. The pool is priced as
 * constant product over its reserves (what a full-range swap position amounts to) after the
 * swap fee; the transaction fee comes from the runtime's payment info.
 */
import type { StakePreview } from '../port';

const U16_MAX = 65_535n;
const ALPHA_UNIT = 1_000_000_000n;

export function previewFromPool(
  pool: { taoRao: bigint; alphaIn: bigint },
  amountRao: bigint,
  feeRate: bigint,
  txFeeRao: bigint,
  netuid: number,
): StakePreview {
  if (netuid === 0 || pool.alphaIn === 0n || pool.taoRao === 0n) {
    // Root (and an empty pool the runtime treats as 1:1) is not priced by reserves.
    return { expectedAlpha: amountRao, priceBefore: ALPHA_UNIT, priceAfter: ALPHA_UNIT, impactBps: 0, feeRao: txFeeRao };
  }
  const swapFee = (amountRao * feeRate) / U16_MAX;
  const x = amountRao - swapFee;
  const expectedAlpha = (pool.alphaIn * x) / (pool.taoRao + x);
  const priceBefore = (pool.taoRao * ALPHA_UNIT) / pool.alphaIn;
  const alphaAfter = pool.alphaIn - expectedAlpha;
  const priceAfter = alphaAfter === 0n ? priceBefore : ((pool.taoRao + x) * ALPHA_UNIT) / alphaAfter;
  const impactBps = priceBefore === 0n ? 0 : Number(((priceAfter - priceBefore) * 10_000n) / priceBefore);
  return { expectedAlpha, priceBefore, priceAfter, impactBps, feeRao: txFeeRao + swapFee };
}
