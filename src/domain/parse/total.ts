import { PERCENT_SCALE, formatDecimal, formatTao, percentUnits } from '../amount';
import type { AllocationPlan, TotalSource } from '../plan';
import type { AllocationFact, PlanFacts, Stated, SubtotalFact, Where } from './facts';
import { issue, type ParseIssue } from './issues';

/**
 * Which stated figure is the plan's total, and which only totals a group of lines. A figure in
 * parentheses ("Growth subnets (150 TAO in total):") or under a sub-heading whose lines are not
 * the whole plan is a subtotal: it is checked against its own lines, never taken as the total.
 */
export interface TotalDraft extends Stated<bigint> {
  unit: number;
  inParens: boolean;
  /** Allocations read from the very line of the figure. */
  sameLine: number[];
}

/** A lead-in giving the share of the lines after it ("The remaining 25% (221 TAO) …"). */
export interface ShareDraft extends Where {
  unit: number;
  percent: string;
  rao: bigint | null;
}

/** Where each allocation was read: its text unit and the headings it sits under. */
export interface Place {
  unit: number;
  line: number | null;
  sections: number[];
}

export interface UnitInfo {
  heading: boolean;
  level: number;
  sections: number[];
}

const range = (lines: number[]) => {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j;
  }
  return parts.join(', ');
};
export const linesText = (lines: number[]) => `line${new Set(lines).size > 1 ? 's' : ''} ${range(lines)}`;

/** The allocations that follow a lead-in line ("Subnets (150 TAO in total):") up to the first unit without one. */
function following(d: TotalDraft, byUnit: Map<number, number[]>, places: Place[], units: UnitInfo[]): number[] {
  const out = (byUnit.get(d.unit) ?? []).filter((i) => (places[i]!.line ?? 0) > (d.line ?? 0));
  for (let unit = d.unit + 1; unit < units.length && !units[unit]!.heading; unit++) {
    const here = byUnit.get(unit);
    if (!here) break;
    out.push(...here);
  }
  return out;
}

/** Splits the stated totals into the plan's totals and subtotals of groups. */
export function splitTotals(
  drafts: TotalDraft[],
  shares: ShareDraft[],
  places: Place[],
  units: UnitInfo[],
  errors: ParseIssue[],
): { totals: Stated<bigint>[]; subtotals: SubtotalFact[] } {
  const totals: Stated<bigint>[] = [];
  const subtotals: SubtotalFact[] = [];
  const all = places.length;
  const byUnit = new Map<number, number[]>();
  const bySection = new Map<number, number[]>();
  const add = (m: Map<number, number[]>, k: number, i: number) => {
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  };
  places.forEach((p, i) => {
    add(byUnit, p.unit, i);
    for (const s of p.sections) add(bySection, s, i);
  });
  for (const sh of shares) {
    const covers = following({ ...sh, value: 0n, inParens: false, sameLine: [] }, byUnit, places, units);
    if (covers.length > 0) subtotals.push({ line: sh.line, text: sh.text, value: sh.rao, percent: sh.percent, covers });
  }
  for (const d of drafts) {
    const where = { value: d.value, line: d.line, text: d.text };
    const info = units[d.unit]!;
    if (d.inParens) {
      let covers = d.sameLine;
      if (covers.length === 0 && info.heading) covers = bySection.get(d.unit) ?? [];
      else if (covers.length === 0) covers = following(d, byUnit, places, units);
      if (covers.length === 0)
        errors.push(
          issue(d.line, d.text, `${formatTao(d.value)} TAO is stated in parentheses as a group's total, but no allocation lines follow it`),
        );
      else subtotals.push({ ...where, percent: null, covers });
      continue;
    }
    // A total under a sub-heading whose lines are only part of the plan totals that part.
    const section = [...info.sections].reverse().find((s) => (units[s]?.level ?? 1) >= 2);
    const covers = section === undefined ? [] : (bySection.get(section) ?? []);
    if (covers.length > 0 && covers.length < all) subtotals.push({ ...where, percent: null, covers });
    else totals.push(where);
  }
  return { totals, subtotals };
}

/** Each subtotal equals the sum of the lines it totals, in the figures the proposal wrote. */
export function checkSubtotals(plan: AllocationPlan, facts: PlanFacts): ParseIssue[] {
  const errors: ParseIssue[] = [];
  const name = (f: AllocationFact) => (f.netuid === 0 ? 'Root' : `SN${f.netuid}`);
  for (const s of facts.subtotals) {
    const rows = s.covers.map((i) => facts.allocations[i]).filter((a): a is AllocationFact => a !== undefined);
    const mine = rows.map((f) => ({ f, a: plan.allocations.find((a) => a.netuid === f.netuid) }));
    if (mine.some((x) => x.a === undefined)) continue;
    const lines = linesText(rows.map((r) => r.line ?? 0));
    const sum = mine.reduce((t, x) => t + x.a!.rao, 0n);
    if (s.value !== null && sum !== s.value) {
      const parts = mine.map((x) => `${formatTao(x.a!.rao)} TAO (${name(x.f)})`).join(' + ');
      errors.push(
        issue(s.line, s.text, `the group total of ${formatTao(s.value)} TAO does not match its ${lines}: ${parts} = ${formatTao(sum)} TAO`),
      );
    }
    const pct = mine.reduce((t, x) => t + percentUnits(x.a!.percent), 0n);
    if (s.percent !== null && pct !== percentUnits(s.percent)) {
      const parts = mine.map((x) => `${x.a!.percent}% (${name(x.f)})`).join(' + ');
      errors.push(
        issue(
          s.line,
          s.text,
          `the group share of ${s.percent}% does not match its ${lines}: ${parts} = ${formatDecimal({ units: pct, scale: PERCENT_SCALE })}%`,
        ),
      );
    }
  }
  return errors;
}

/** Where the plan's total came from: the line that states it, or the lines whose sum it is. */
export function totalSourceOf(facts: PlanFacts): TotalSource {
  const stated = facts.totals[0];
  if (stated) return { line: stated.line, text: stated.text };
  const lines = facts.allocations.map((a) => a.line).filter((l): l is number => l !== null);
  if (lines.length === 0) return { line: null, text: 'sum of the allocations' };
  return { lines: [Math.min(...lines), Math.max(...lines)], text: `sum of ${linesText(lines)}` };
}
