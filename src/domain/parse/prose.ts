import { TAO_AMOUNT_SOURCE, parseDecimal, decimalTaoToRao, parsePercent } from '../amount';
import { emptyFacts, type AllocationFact, type PlanFacts } from './facts';
import { issue, type ParseIssue } from './issues';
import { readLabel } from './label';
import type { TextUnit } from './markdown';
import { findCadences, findDurations, findFigure, findTotals } from './statements';

/**
 * Reads the facts of a proposal from its prose: allocation lines (bullets, paragraphs, table
 * rows that start with a subnet), and sentence-level statements of the total, the DCA duration,
 * cadences, the lock and schedule figures. Reading problems (a look-alike netuid, a number that
 * is not a number) are errors here; consistency is checked later by validate.
 */
const PERCENT = /(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent\b)/i;
const AMOUNT = new RegExp(TAO_AMOUNT_SOURCE, 'i');
const VALUE_FIRST = /^[\s(:–—=|,~-]*(?:\d|[τ𝞃]|\$)/u;
const FOREIGN_DIGIT = /(?![0-9])\p{Nd}/u;
/** A sentence ends at . ! or ? followed by a space; "44.2" therefore never ends one. */
const SENTENCE = /(?:[^.!?]|[.!?](?!\s|$))+[.!?]*/g;

interface LineCtx {
  line: number;
  text: string;
}

function readValues(head: string, ctx: LineCtx, errors: ParseIssue[]): { percent: string | null; rao: bigint | null; scale: number } | null {
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

/** An allocation line: it starts with a subnet and states a percent or an amount in its first sentence. */
function readAllocation(text: string, ctx: LineCtx, errors: ParseIssue[]): AllocationFact | null {
  const label = readLabel(text);
  if (!label) return null;
  const head = (label.kind === 'subnet' ? label.rest : text).match(/^[^.!?]*(?:[.!?](?!\s)[^.!?]*)*/)?.[0] ?? '';
  if (!PERCENT.test(head) && !AMOUNT.test(head)) return null;
  // The figures follow the label at once ("SN51 – Celium (5% …)", "Subnet 64: 20% / 70 TAO"), so
  // "Root network staking will yield 5% APY" is a sentence about root, not an allocation.
  if (label.kind === 'subnet' && !VALUE_FIRST.test(label.rest)) return null;
  if (label.kind === 'bad') {
    errors.push(issue(ctx.line, ctx.text, label.message));
    return null;
  }
  if (FOREIGN_DIGIT.test(head)) {
    errors.push(issue(ctx.line, ctx.text, 'a number is written with non-ASCII digits; use plain 0-9'));
    return null;
  }
  const v = readValues(head, ctx, errors);
  if (!v) return null;
  const name = label.name ?? `SN${label.netuid}`;
  return { netuid: label.netuid, name, percent: v.percent, rao: v.rao, amountScale: v.scale, mode: null, line: ctx.line, text: ctx.text };
}

/** Table rows: the netuid may be a bare number under a "netuid"/"subnet" header. */
function rowText(unit: TextUnit): string {
  const cells = unit.cells ?? [];
  const header = unit.header ?? [];
  const idCol = header.findIndex((h) => /netuid|subnet|\bsn\b/i.test(h));
  const nameCol = header.findIndex((h) => /\bname\b/i.test(h));
  const pctCol = header.findIndex((h) => /%|percent|share|weight/i.test(h));
  const amtCol = header.findIndex((h) => /\bTAO\b|amount|τ/i.test(h));
  const at = (i: number) => (i >= 0 ? (cells[i] ?? '') : '');
  if (idCol < 0) return cells.join(' | ');
  const id = at(idCol);
  const ref = /^\d+$/.test(id) || /^[\p{L}\p{Nd}|]+$/u.test(id) && !readLabel(id) ? `SN${id}` : id;
  const name = nameCol >= 0 && at(nameCol) ? ` (${at(nameCol)})` : '';
  const pct = at(pctCol) && /^\d+(?:\.\d+)?$/.test(at(pctCol)) ? `${at(pctCol)}%` : at(pctCol);
  const amt = at(amtCol) && /^[\d,.]+$/.test(at(amtCol)) ? `${at(amtCol)} TAO` : at(amtCol);
  return `${ref}${name}: ${[pct, amt].filter(Boolean).join(' / ')}`;
}

export function readProse(units: TextUnit[]): { facts: PlanFacts; errors: ParseIssue[] } {
  const facts = emptyFacts();
  const errors: ParseIssue[] = [];
  for (const unit of units) {
    const lines = unit.text.split('\n');
    const allocationLines = new Set<number>();
    if (unit.kind === 'row') {
      const a = readAllocation(rowText(unit), { line: unit.line, text: unit.text }, errors);
      if (a) facts.allocations.push(a);
      continue;
    }
    lines.forEach((text, i) => {
      const a = readAllocation(text, { line: unit.line + i, text }, errors);
      if (a) {
        facts.allocations.push(a);
        allocationLines.add(i);
      }
    });
    readSentences(unit, lines, allocationLines, facts);
  }
  return { facts, errors };
}

function readSentences(unit: TextUnit, lines: string[], allocationLines: Set<number>, facts: PlanFacts): void {
  const flat = lines.join(' ');
  // Sentences come in order, so one forward walk maps each to its line (linear time).
  let lineIdx = 0;
  let lineEnd = (lines[0]?.length ?? 0) + 1;
  const lineOf = (index: number) => {
    while (index >= lineEnd && lineIdx < lines.length - 1) lineEnd += lines[++lineIdx]!.length + 1;
    return lineIdx;
  };
  for (const m of flat.matchAll(SENTENCE)) {
    const sentence = m[0];
    if (!sentence.trim()) continue;
    const rel = lineOf(m.index + (sentence.length - sentence.trimStart().length));
    const where = { line: unit.line + rel, text: sentence.trim() };
    const totals = findTotals(sentence);
    for (const t of totals) facts.totals.push({ value: t.value, ...where });
    // An allocation line describes its subnet; the schedule is stated elsewhere.
    if (allocationLines.has(rel)) continue;
    const d = findDurations(sentence);
    for (const x of d.dca) facts.dcaDurations.push({ value: x.value, ...where });
    for (const x of d.lock) facts.lockDurations.push({ value: x.value, ...where });
    if (d.lockImplied) facts.lockImplied.push(where);
    for (const c of findCadences(sentence)) facts.cadences.push({ value: c.value, ...where });
    if (totals.length === 0) {
      const f = findFigure(sentence);
      if (f) facts.figures.push({ ...f, ...where });
    }
  }
}
