import { err, ok, type Result } from '../result';
import { taoText } from './tao-text';

/**
 * Exact decimal arithmetic for money and percentages. A decimal is a scaled bigint so that no
 * floating point ever touches an amount: "44.2" is { units: 442n, scale: 1 }.
 */
export interface Decimal {
  units: bigint;
  /** Number of digits after the decimal point the writer used. */
  scale: number;
}

const TAO_DECIMALS = 9;
/** Digits with optional thousands groups ("1,200", "1 200" with a thin space) and a fraction. */
const NUMBER = /^(\d{1,3}(?:([,\u202f\u2009_])\d{3})(?:\2\d{3})*|\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal such as "1,200.50" exactly; thousands groups must be well formed. */
export function parseDecimal(text: string): Result<Decimal> {
  const m = NUMBER.exec(text.trim());
  if (!m) return err(`"${text}" is not a decimal number`);
  const whole = m[1]!.replace(/[,\u202f\u2009_]/g, '');
  const frac = m[3] ?? '';
  return ok({ units: BigInt(whole + frac), scale: frac.length });
}

/** Formats units at a scale back into a minimal decimal string ("5.50" → "5.5", "75.0" → "75"). */
export function formatDecimal(d: Decimal): string {
  const neg = d.units < 0n;
  const digits = (neg ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const frac = digits.slice(digits.length - d.scale).replace(/0+$/, '');
  return (neg ? '-' : '') + whole + (frac ? `.${frac}` : '');
}

/** Re-expresses a decimal at a larger scale (no rounding ever happens). */
export function rescale(d: Decimal, scale: number): bigint {
  if (scale < d.scale) throw new RangeError('rescale would lose digits');
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** A TAO figure ("44.2", "1,200") → RAO, refusing sub-RAO precision. */
export function decimalTaoToRao(d: Decimal): Result<bigint> {
  if (d.scale > TAO_DECIMALS) return err(`${formatDecimal(d)} TAO has more than 9 decimals (finer than 1 RAO)`);
  return ok(rescale(d, TAO_DECIMALS));
}

/**
 * The ways proposers write TAO: "44.2 TAO", "44.2 $TAO", "τ44.2", "44.2τ", "1,200 TAO".
 * The number group is captured for parseTaoAmount; used with the `g` flag by the prose reader.
 */
export const TAO_AMOUNT_SOURCE = '(?:[τ𝞃]\\s?(NUM)|(NUM)\\s?(?:\\$?TAO\\b|[τ𝞃]))'.replace(
  /NUM/g,
  '(?<![\\d,.\\u202f\\u2009_])\\d[\\d,\\u202f\\u2009_]*(?:\\.\\d+)?',
);

/** Parses one amount of TAO written in any of the accepted spellings into exact RAO. */
const WHOLE_AMOUNT = new RegExp(`^\\s*~?\\s*${TAO_AMOUNT_SOURCE}\\s*$`, 'i');

export function parseTaoAmount(text: string): Result<bigint> {
  const m = WHOLE_AMOUNT.exec(text);
  const numText = m ? (m[1] ?? m[2]) : /^\s*(\d[\d,._\u202f\u2009]*)\s*$/.exec(text)?.[1];
  if (numText === undefined) return err(`"${text}" is not an amount of TAO`);
  const d = parseDecimal(numText);
  return d.ok ? decimalTaoToRao(d.value) : d;
}

/** RAO → the shortest exact TAO decimal ("44200000000" → "44.2"). */
export function formatTao(rao: bigint): string {
  return taoText(rao);
}

/** "12.5%", "12.5 %", "12.5 percent", "12.5" → the canonical decimal string "12.5". */
export function parsePercent(text: string): Result<string> {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:%|percent)?\s*$/i.exec(text);
  if (!m) return err(`"${text}" is not a percentage`);
  const d = parseDecimal(m[1]!);
  if (!d.ok) return d;
  if (d.value.units > rescale({ units: 100n, scale: 0 }, d.value.scale)) return err(`${text.trim()} is over 100%`);
  return ok(formatDecimal(d.value));
}

/** Percent scale used when comparing or summing percentages exactly. */
export const PERCENT_SCALE = 12;

/** A canonical percent string → bigint at PERCENT_SCALE, for exact sums. */
export function percentUnits(percent: string): bigint {
  const d = parseDecimal(percent);
  if (!d.ok || d.value.scale > PERCENT_SCALE) throw new RangeError(`bad percent ${percent}`);
  return rescale(d.value, PERCENT_SCALE);
}

/** percent × total / 100, exact when it is a whole number of RAO, otherwise null. */
export function shareOf(percent: string, totalRao: bigint): bigint | null {
  const num = percentUnits(percent) * totalRao;
  const den = 100n * 10n ** BigInt(PERCENT_SCALE);
  return num % den === 0n ? num / den : null;
}

/** amount / total × 100 as an exact decimal string when it terminates within 6 digits. */
export function percentOf(rao: bigint, totalRao: bigint): string | null {
  if (totalRao <= 0n) return null;
  const num = rao * 100n * 10n ** 6n;
  if (num % totalRao !== 0n) return null;
  return formatDecimal({ units: num / totalRao, scale: 6 });
}
