import { TAO_AMOUNT_SOURCE, decimalTaoToRao, parseDecimal, parsePercent } from '../amount';
import { issue, type ParseIssue } from './issues';

/** The percent and the amount an allocation states, read exactly (never through a float). */
export const PERCENT = /(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent\b)/i;
export const AMOUNT = new RegExp(TAO_AMOUNT_SOURCE, 'i');

export interface Values {
  percent: string | null;
  rao: bigint | null;
  /** Digits after the decimal point in the written amount: the precision of the check. */
  scale: number;
}

/** The first percent and amount in `head`; a figure that is not a valid number is an error on the line. */
export function readValues(head: string, ctx: { line: number; text: string }, errors: ParseIssue[]): Values | null {
  const p = PERCENT.exec(head);
  const a = AMOUNT.exec(head);
  if (!p && !a) return null;
  let percent: string | null = null;
  if (p) {
    const r = parsePercent(p[1]!);
    if (r.ok) percent = r.value;
    else errors.push(issue(ctx.line, ctx.text, r.errors[0]!));
  }
  let rao: bigint | null = null;
  let scale = 0;
  if (a) {
    const d = parseDecimal((a[1] ?? a[2])!);
    const r = d.ok ? decimalTaoToRao(d.value) : d;
    if (d.ok) scale = d.value.scale;
    if (r.ok) rao = r.value;
    else errors.push(issue(ctx.line, ctx.text, `amount "${a[0]}": ${r.errors[0]}`));
  }
  return { percent, rao, scale };
}
