/**
 * The one RAO → TAO formatter, for every human output: the CLI, the dashboard, notifications.
 * JSON keeps decimal strings of RAO; this is only for people.
 *
 * With `maxDecimals` null the text is exact ("749152542" → "0.749152542"). Otherwise it is cut
 * toward zero at `maxDecimals`, so a figure is never overstated; an amount under one TAO keeps
 * at least three significant digits, so a fee of 356,451 RAO reads "0.000356", never "0".
 * `group` puts thousands separators in the whole part ("1,200.5").
 *
 * The function is self-contained on purpose (no imports, no outer names): the dashboard ships
 * its source text to the browser, so the page formats exactly as the CLI does.
 */
export function taoText(rao: bigint, maxDecimals: number | null = null, group = false): string {
  const neg = rao < 0n;
  const abs = neg ? -rao : rao;
  const whole = abs / 1000000000n;
  let frac = (abs % 1000000000n).toString().padStart(9, '0');
  if (maxDecimals !== null) {
    const firstDigit = frac.search(/[1-9]/);
    const keep = whole === 0n && firstDigit >= 0 ? Math.max(maxDecimals, firstDigit + 3) : maxDecimals;
    frac = frac.slice(0, Math.min(9, keep));
  }
  frac = frac.replace(/0+$/, '');
  const wholeText = group ? whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole.toString();
  return (neg ? '-' : '') + wholeText + (frac ? '.' + frac : '');
}

/** TAO as people read it: three decimals at most (more for small amounts), grouped thousands. */
export const displayTao = (rao: bigint): string => taoText(rao, 3, true);

/** A price in TAO per alpha (RAO per alpha in): four decimals. */
export const displayPrice = (raoPerAlpha: bigint): string => taoText(raoPerAlpha, 4, true);
