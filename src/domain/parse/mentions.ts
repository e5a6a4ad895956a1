import { TAO_AMOUNT_SOURCE, parseDecimal, decimalTaoToRao, parsePercent, percentUnits } from '../amount';
import type { AllocationPlan } from '../plan';
import type { AllocationFact } from './facts';
import { issue, type ParseIssue } from './issues';
import type { TextUnit } from './markdown';

/**
 * Allocations come only from allocation lines. Anywhere else, a clause that names a subnet
 * together with a share or an amount ("SN19 (25%) was discussed on the forum and rejected",
 * "SN51 was up 12% last month") is an error naming it, so that the proposer rewrites it and no
 * voter reads an allocation govbridge will not execute. A clause that restates the plan (the
 * seed's "663 TAO remaining in root staking" when root gets 663 TAO) agrees with what executes
 * and is accepted.
 */
const REF = /\b(?:SN|sub-?net|netuid)\s*[-#]?\s*(\d{1,5})\b|\broot(?:\s+(?:subnet|network|net|stake|staking))?\b/gi;
const PERCENT = /(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent\b)/gi;
const AMOUNT = new RegExp(TAO_AMOUNT_SOURCE, 'gi');
const SENTENCE = /(?:[^.!?]|[.!?](?!\s|$))+[.!?]*/g;
const CLAUSE = /;|,\s|\s(?:and|but|while|whereas)\s/;

interface Figure {
  text: string;
  percent: bigint | null;
  rao: bigint | null;
}

function figuresIn(text: string): Figure[] {
  const out: Figure[] = [];
  for (const m of text.matchAll(PERCENT)) {
    const p = parsePercent(m[1]!);
    out.push({ text: m[0], percent: p.ok ? percentUnits(p.value) : null, rao: null });
  }
  for (const m of text.matchAll(AMOUNT)) {
    const d = parseDecimal((m[1] ?? m[2])!);
    const r = d.ok ? decimalTaoToRao(d.value) : null;
    out.push({ text: m[0], percent: null, rao: r?.ok ? r.value : null });
  }
  return out;
}

const refsIn = (text: string) => [...text.matchAll(REF)].map((m) => ({ text: m[0], netuid: m[1] === undefined ? 0 : Number(m[1]) }));

/** Whether every figure of the clause is what the plan gives one of the subnets it names. */
function restates(plan: AllocationPlan | null, netuids: number[], figures: Figure[]): boolean {
  if (!plan) return false;
  const mine = plan.allocations.filter((a) => netuids.includes(a.netuid));
  if (mine.length !== new Set(netuids).size) return false;
  return figures.every((f) =>
    mine.some((a) => (f.percent !== null && f.percent === percentUnits(a.percent)) || (f.rao !== null && f.rao === a.rao)),
  );
}

/** The first sentence of an allocation line is the allocation; the rest of the line is prose. */
function headLength(text: string): number {
  return /^[^.!?]*(?:[.!?](?!\s)[^.!?]*)*[.!?]?/.exec(text)?.[0].length ?? 0;
}

export function checkMentions(units: TextUnit[], allocations: AllocationFact[], plan: AllocationPlan | null): ParseIssue[] {
  const errors: ParseIssue[] = [];
  const allocationLines = new Set(allocations.map((a) => a.line));
  for (const unit of units) {
    if (unit.kind === 'row') {
      if (allocationLines.has(unit.line)) continue;
      const refs = refsIn(unit.text);
      const figures = figuresIn(unit.text);
      if (
        refs.length > 0 &&
        figures.length > 0 &&
        !restates(
          plan,
          refs.map((r) => r.netuid),
          figures,
        )
      )
        errors.push(mention(unit.line, unit.text, refs[0]!.text, figures[0]!.text));
      continue;
    }
    const lines = unit.text.split('\n');
    lines.forEach((line, i) => {
      const n = unit.line + i;
      const text = allocationLines.has(n) ? ' '.repeat(headLength(line)) + line.slice(headLength(line)) : line;
      for (const s of text.matchAll(SENTENCE)) {
        const sentence = s[0];
        if (!/\d/.test(sentence)) continue;
        const clauses = sentence.split(CLAUSE);
        const hits = clauses
          .map((c) => ({ refs: refsIn(c), figures: figuresIn(c) }))
          .filter((c) => c.refs.length > 0 && c.figures.length > 0);
        if (hits.length === 0) {
          const refs = refsIn(sentence);
          const figures = figuresIn(sentence);
          if (refs.length > 0 && figures.length > 0) hits.push({ refs, figures });
        }
        for (const h of hits) {
          if (
            !restates(
              plan,
              h.refs.map((r) => r.netuid),
              h.figures,
            )
          )
            errors.push(mention(n, sentence.trim(), h.refs[0]!.text, h.figures[0]!.text));
        }
      }
    });
  }
  return errors;
}

const mention = (line: number, text: string, ref: string, figure: string) =>
  issue(
    line,
    text,
    `"${ref}" is mentioned with "${figure}" outside the allocation lines, and that is not what the plan gives it; govbridge reads allocations only from allocation lines — write it as one ("SN51 – Celium (5% = 44.2 TAO)") or remove the figure from this sentence`,
  );
