import type { Plan } from '../plan';
import { readBlock } from './block';
import { crossCheck } from './crosscheck';
import { checkFigures } from './figures';
import { scanDeception } from './deception';
import { depthProblem, sizeProblem } from './hostile';
import { formatIssue, issue, type ParseIssue } from './issues';
import { readMarkdown } from './markdown';
import { readProse } from './prose';
import { buildPlan } from './validate';
import { DEFAULT_LIMITS, limitProblems, planLimitProblems, type ParseLimits } from './limits';
import { checkMentions } from './mentions';
import { negativeFigureProblems, zeroDurationProblems } from './wording';

export type { ParseIssue } from './issues';
export { formatIssue } from './issues';
export { MAX_BODY_BYTES } from './hostile';
export { DEFAULT_LIMITS, type ParseLimits } from './limits';

export type ParseResult = { ok: true; value: Plan; warnings: ParseIssue[] } | { ok: false; errors: ParseIssue[]; warnings: ParseIssue[] };

const byLine = (a: ParseIssue, b: ParseIssue) => (a.line ?? Infinity) - (b.line ?? Infinity);
/** A hostile body can have thousands of problems; the first ones say enough, and decisions stay small. */
export const MAX_ISSUES = 50;
const capped = (list: ParseIssue[]) => {
  const sorted = [...list].sort(byLine);
  if (sorted.length <= MAX_ISSUES) return sorted;
  return [...sorted.slice(0, MAX_ISSUES), issue(null, '', `and ${sorted.length - MAX_ISSUES} more problems of the same kinds`)];
};
const fail = (errors: ParseIssue[], warnings: ParseIssue[]): ParseResult => ({
  ok: false,
  errors: capped(errors),
  warnings: capped(warnings),
});

/**
 * Reads a proposal body (Snapshot markdown, or a page copied around it) into a validated plan,
 * or every reason it cannot be executed. Never throws; linear in the size of the body.
 */
export function parseProposal(body: string, limits: ParseLimits = DEFAULT_LIMITS): ParseResult {
  try {
    return parseChecked(body, limits);
  } catch (e) {
    return fail(
      [
        issue(
          null,
          '',
          `the parser failed unexpectedly (${e instanceof Error ? e.message : String(e)}); nothing will be executed from this body`,
        ),
      ],
      [],
    );
  }
}

function parseChecked(body: string, limits: ParseLimits): ParseResult {
  if (typeof body !== 'string') return fail([issue(null, '', 'the body is not text')], []);
  const tooBig = sizeProblem(body);
  if (tooBig) return fail([tooBig], []);
  const scanned = scanDeception(body);
  const doc = readMarkdown(scanned.text);
  const tooDeep = depthProblem(doc.depth);
  if (tooDeep) return fail([tooDeep, ...scanned.errors], scanned.warnings);
  const errors = [...scanned.errors, ...doc.hidden];
  const warnings = [...scanned.warnings];
  const prose = readProse(doc.units);
  errors.push(...prose.errors, ...limitProblems(prose.facts, limits), ...zeroDurationProblems(doc.units));
  const signed = new Set(errors.map((e) => e.line));
  errors.push(...negativeFigureProblems(doc.units).filter((e) => !signed.has(e.line)));
  // Over the allocation bound nothing more is built: validation of thousands of allocations
  // would only cost time and repeat one problem thousands of times.
  if (prose.facts.allocations.length > limits.maxAllocations) return fail(errors, warnings);
  const blocks = doc.fences.filter((f) => f.info.split(/\s+/)[0]?.toLowerCase() === 'govbridge');
  for (const extra of blocks.slice(1))
    errors.push(issue(extra.line - 1, '```govbridge', 'more than one govbridge block; keep exactly one'));
  const block = blocks[0];
  let plan: Plan | null = null;
  if (block) {
    const read = readBlock(block);
    errors.push(...read.errors);
    if (read.kind === 'allocation') errors.push(...limitProblems(read.facts, limits));
    if (read.kind === 'emergency') {
      plan = read.plan;
    } else if (read.facts.allocations.length <= limits.maxAllocations && (read.errors.length === 0 || read.facts.allocations.length > 0)) {
      const built = buildPlan(read.facts, 'block', read.errors.length > 0);
      errors.push(...built.errors);
      if (built.plan) {
        errors.push(...crossCheck(built.plan, prose.facts, read.facts));
        warnings.push(...built.warnings, ...prose.facts.clauseWarnings, ...checkFigures(built.plan, prose.facts.figures));
        plan = built.plan;
      }
    }
  } else {
    const built = buildPlan(prose.facts, 'prose', prose.errors.length > 0 || scanned.errors.length > 0);
    if (
      built.plan === null &&
      prose.facts.allocations.length === 0 &&
      /\bemergency\b/i.test(scanned.text) &&
      /\b(?:halt|pause|cancel|resume)\b/i.test(scanned.text)
    ) {
      errors.push(issue(null, '', 'an emergency proposal must use a ```govbridge block with kind: emergency, target, action and reason'));
    } else {
      errors.push(...built.errors);
    }
    warnings.push(...built.warnings);
    plan = built.plan;
  }
  if (plan?.kind === 'allocation') errors.push(...planLimitProblems(plan, limits));
  if (plan === null || plan.kind === 'allocation') {
    // A line already refused (a look-alike, a hidden construct) is not reported twice.
    const refused = new Set(errors.map((e) => e.line));
    // Code blocks are shown to voters but never read: a subnet with a figure there is a mention too.
    const code = doc.code.map((c) => ({ kind: 'paragraph' as const, line: c.line, text: c.text.replace(/\n$/, '') }));
    errors.push(
      ...checkMentions([...doc.units, ...code], prose.facts.allocations, plan?.kind === 'allocation' ? plan : null).filter(
        (e) => !refused.has(e.line),
      ),
    );
  }
  if (errors.length > 0 || plan === null) {
    return fail(errors.length > 0 ? errors : [issue(null, '', 'no plan could be read from this body')], warnings);
  }
  warnings.sort(byLine);
  return { ok: true, value: { ...plan, warnings: warnings.map(formatIssue) }, warnings };
}
