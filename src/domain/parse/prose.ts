import { emptyFacts, type AllocationFact, type PlanFacts } from './facts';
import { issue, type ParseIssue } from './issues';
import { readClauses } from './clauses';
import { findGroupShare } from './group-share';
import { readLabel } from './label';
import { LOCK_HINT, readLock } from './lock';
import type { TextUnit } from './markdown';
import { readMultiAllocation, sharesOnLine } from './multi-subnet';
import { findCadences, findDurations, findFigure, findTotals } from './statements';
import { splitTotals, type Place, type ShareDraft, type TotalDraft, type UnitInfo } from './total';
import { AMOUNT, PERCENT, readValues } from './values';
import { allocationWordingProblem, disguisedAllocationProblem } from './wording';

/**
 * Reads the facts of a proposal from its prose: allocation lines (bullets, paragraphs, table
 * rows that start with a subnet), and sentence-level statements of the total, the DCA duration,
 * cadences, the lock and schedule figures. Reading problems (a look-alike netuid, a number that
 * is not a number) are errors here; consistency is checked later by validate.
 */
const VALUE_FIRST = /^[\s(:–—=|,~-]*(?:\d|[τ𝞃]|\$)/u;
const FOREIGN_DIGIT = /(?![0-9])\p{Nd}/u;
/** A sentence ends at . ! or ? followed by a space; "44.2" therefore never ends one. */
const SENTENCE = /(?:[^.!?]|[.!?](?!\s|$))+[.!?]*/g;

interface LineCtx {
  line: number;
  text: string;
}

/** An allocation line: it starts with a subnet and states a percent or an amount in its first sentence. */
/** A several-subnet line follows the same wording rule as a one-subnet line (wording.ts). */
function plainWording(several: AllocationFact[] | null, ctx: LineCtx, errors: ParseIssue[]): AllocationFact[] | null {
  if (!several || several.length === 0) return several;
  const head = ctx.text.match(/^[^.!?]*(?:[.!?](?!\s)[^.!?]*)*/)?.[0] ?? '';
  const wording = allocationWordingProblem(head);
  if (!wording) return several;
  errors.push(issue(ctx.line, ctx.text, `not read as an allocation: ${wording}`));
  return [];
}

function readAllocation(text: string, ctx: LineCtx, errors: ParseIssue[]): AllocationFact | null {
  const label = readLabel(text);
  if (!label) return null;
  const head = (label.kind === 'subnet' ? label.rest : text).match(/^[^.!?]*(?:[.!?](?!\s)[^.!?]*)*/)?.[0] ?? '';
  if (!PERCENT.test(head) && !AMOUNT.test(head)) return null;
  // The figures follow the label at once ("SN51 – Celium (5% …)", "Subnet 64: 20% / 70 TAO"), so
  // "Root network staking will yield 5% APY" is a sentence about root, not an allocation.
  if (label.kind === 'subnet' && !VALUE_FIRST.test(label.rest)) {
    // "SN51 (−25%)" or "SN51 (up to 25%)" is not a sentence about SN51 but a disguised allocation: name it.
    const wording = disguisedAllocationProblem(label.rest);
    if (wording) errors.push(issue(ctx.line, ctx.text, `not read as an allocation: ${wording}`));
    return null;
  }
  if (label.kind === 'bad') {
    errors.push(issue(ctx.line, ctx.text, label.message));
    return null;
  }
  if (FOREIGN_DIGIT.test(head)) {
    errors.push(issue(ctx.line, ctx.text, 'a number is written with non-ASCII digits; use plain 0-9'));
    return null;
  }
  const wording = allocationWordingProblem(head);
  if (wording) {
    errors.push(issue(ctx.line, ctx.text, `not read as an allocation: ${wording}`));
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
  const ref = /^\d+$/.test(id) || (/^[\p{L}\p{Nd}|]+$/u.test(id) && !readLabel(id)) ? `SN${id}` : id;
  const name = nameCol >= 0 && at(nameCol) ? ` (${at(nameCol)})` : '';
  // "| SN51, SN64 | 5% each | 44.2 TAO each |": one "each" for the row, after both figures.
  const EACH = /\s*\beach\s*$/i;
  const each = EACH.test(at(pctCol)) || EACH.test(at(amtCol)) ? ' each' : '';
  const pctCell = at(pctCol).replace(EACH, '');
  const amtCell = at(amtCol).replace(EACH, '');
  const pct = pctCell && /^\d+(?:\.\d+)?$/.test(pctCell) ? `${pctCell}%` : pctCell;
  const amt = amtCell && /^[\d,.]+$/.test(amtCell) ? `${amtCell} TAO` : amtCell;
  return `${ref}${name}: ${[pct, amt].filter(Boolean).join(' / ')}${each}`;
}

interface ReadState {
  facts: PlanFacts;
  places: Place[];
  drafts: TotalDraft[];
  shares: ShareDraft[];
  /** Allocation indices by the line they were read from. */
  byLine: Map<number, number[]>;
}

export function readProse(units: TextUnit[]): { facts: PlanFacts; errors: ParseIssue[] } {
  const state: ReadState = { facts: emptyFacts(), places: [], drafts: [], shares: [], byLine: new Map() };
  const errors: ParseIssue[] = [];
  const info: UnitInfo[] = [];
  const headings: { unit: number; level: number }[] = [];
  units.forEach((unit, u) => {
    if (unit.kind === 'heading') {
      while (headings.length > 0 && headings[headings.length - 1]!.level >= (unit.level ?? 1)) headings.pop();
      headings.push({ unit: u, level: unit.level ?? 1 });
    }
    const sections = headings.map((h) => h.unit);
    info.push({ heading: unit.kind === 'heading', level: unit.level ?? 0, sections });
    const add = (a: AllocationFact) => {
      state.facts.allocations.push(a);
      state.places.push({ unit: u, line: a.line, sections });
      const key = a.line ?? -1;
      const onLine = state.byLine.get(key);
      if (onLine) onLine.push(state.places.length - 1);
      else state.byLine.set(key, [state.places.length - 1]);
    };
    const lines = unit.text.split('\n');
    const allocationLines = new Set<number>();
    const multiLines = new Set<number>();
    if (unit.kind === 'row') {
      const text = rowText(unit);
      const ctx = { line: unit.line, text: unit.text };
      const several = plainWording(readMultiAllocation(text, ctx, errors), ctx, errors);
      const a = several ? null : readAllocation(text, ctx, errors);
      for (const x of several ?? (a ? [a] : [])) add(x);
      return;
    }
    lines.forEach((text, i) => {
      const ctx = { line: unit.line + i, text };
      const several = plainWording(readMultiAllocation(text, ctx, errors), ctx, errors);
      if (several) {
        several.forEach(add);
        multiLines.add(i);
        return;
      }
      const a = readAllocation(text, ctx, errors);
      if (!a) return;
      const shares = sharesOnLine(text);
      if (shares.length > 1) {
        errors.push(
          issue(
            ctx.line,
            text,
            `this line gives figures to ${shares.length} subnets (${shares.join(', ')}); give each subnet its own line, or write "5% each into SN51 and SN64"`,
          ),
        );
        return;
      }
      add(a);
      allocationLines.add(i);
    });
    readSentences(unit, u, lines, { allocationLines, multiLines }, state);
  });
  const split = splitTotals(state.drafts, state.shares, state.places, info, errors);
  state.facts.totals = split.totals;
  state.facts.subtotals = split.subtotals;
  return { facts: state.facts, errors };
}

function readSentences(
  unit: TextUnit,
  u: number,
  lines: string[],
  kinds: { allocationLines: Set<number>; multiLines: Set<number> },
  state: ReadState,
): void {
  const { facts } = state;
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
    const onAllocation = kinds.allocationLines.has(rel) || kinds.multiLines.has(rel);
    // Allocations read from this line: a parenthesised total on it is the total of those.
    const sameLine = onAllocation ? (state.byLine.get(where.line) ?? []) : [];
    for (const t of totals) state.drafts.push({ value: t.value, ...where, unit: u, inParens: t.inParens === true, sameLine });
    const share = onAllocation ? null : findGroupShare(sentence);
    if (share) state.shares.push({ ...where, unit: u, percent: share.percent, rao: share.rao });
    const lock = readLock(sentence);
    const d = findDurations(sentence, lock.at);
    // An allocation line describes its subnet; the schedule is stated elsewhere.
    if (kinds.allocationLines.has(rel)) {
      if (lock.at.length > 0)
        facts.clauseErrors.push(
          issue(
            where.line,
            where.text,
            `a lock is stated on an allocation line; govbridge locks the whole plan: state the lock in a sentence of its own (${LOCK_HINT})`,
          ),
        );
      continue;
    }
    for (const x of d.dca) facts.dcaDurations.push({ value: x.value, ...where });
    for (const x of d.lock) facts.lockDurations.push({ value: x.value, ...where });
    const cadences = findCadences(sentence);
    for (const c of cadences) facts.cadences.push({ value: c.value, ...where });
    const figure = totals.length === 0 && !onAllocation ? findFigure(sentence) : null;
    if (figure) facts.figures.push({ ...figure, ...where });
    readClauses(
      sentence,
      where,
      {
        lock,
        durations: d,
        cadences: cadences.length,
        totals: totals.length,
        figure: figure !== null,
        onAllocation,
        heading: unit.kind === 'heading',
      },
      facts,
    );
  }
}
