import { PERCENT_SCALE, formatDecimal, formatTao, percentOf, percentUnits } from '../amount';
import { displayTao } from '../tao-text';
import { MIN_TRANCHE_RAO, type Allocation, type AllocationPlan } from '../plan';
import type { AllocationFact, PlanFacts, Stated } from './facts';
import { checkFigures } from './figures';
import { issue, type ParseIssue } from './issues';
import { lockProblems } from './lock-check';
import { checkSubtotals, totalSourceOf } from './total';
import { cadenceRange, durationProblem } from './window';

/**
 * docs/design.md §3.4: turns the facts a reader found into a plan, or reports every problem at once,
 * each with its line and text. Nothing here guesses: a missing or ambiguous figure is an error.
 */
export interface Built {
  plan: AllocationPlan | null;
  errors: ParseIssue[];
  warnings: ParseIssue[];
}

const tao = (rao: bigint) => `${formatTao(rao)} TAO`;
const at = (s: { line: number | null }) => (s.line === null ? '' : ` (line ${s.line})`);

/** One value, or an error naming each different value and where it was written. */
function single<T>(stated: Stated<T>[], what: string, show: (v: T) => string, errors: ParseIssue[]): T | null {
  const first = stated[0];
  if (!first) return null;
  const other = stated.find((s) => s.value !== first.value);
  if (other)
    errors.push(
      issue(
        other.line,
        other.text,
        `two different ${what} are stated: ${show(first.value)}${at(first)} and ${show(other.value)}${at(other)}`,
      ),
    );
  return other ? null : first.value;
}

const CADENCE_WORD: Record<string, string> = { P1D: 'daily', P1W: 'weekly', P2W: 'fortnightly', P1M: 'monthly' };
export const cadenceWord = (c: string) => CADENCE_WORD[c] ?? c;
const cadenceOrder = (c: string) => ['P1D', 'P1W', 'P2W', 'P1M'].indexOf(c) + 1 || 99;

/**
 * `totalName` is how messages speak of the total: the figure the proposal wrote, or, when it
 * wrote none, the sum of its lines (so that no message cites a total nobody stated).
 */
function resolveAllocation(f: AllocationFact, total: bigint, totalName: string, errors: ParseIssue[]): Allocation | null {
  const label = f.netuid === 0 ? 'Root' : `SN${f.netuid}`;
  const expectedMode = f.netuid === 0 ? 'hold' : 'dca';
  if (f.mode !== null && f.mode !== expectedMode) {
    errors.push(
      issue(f.line, f.text, `${label}: mode ${f.mode} is not possible; the root share (netuid 0) is hold and every subnet is dca`),
    );
  }
  let { percent, rao } = f;
  if (percent !== null && rao !== null) {
    // amount = percent × total, within half a unit of the last digit the proposal wrote.
    const den = 100n * 10n ** BigInt(PERCENT_SCALE);
    const exact = percentUnits(percent) * total;
    const tol = f.amountScale <= 8 ? 5n * 10n ** BigInt(8 - f.amountScale) : 0n;
    const diff = rao * den - exact;
    if ((diff < 0n ? -diff : diff) > tol * den) {
      const expected = formatDecimal({ units: exact / 10n ** BigInt(PERCENT_SCALE) / 100n, scale: 9 });
      errors.push(issue(f.line, f.text, `${label}: ${percent}% of ${totalName} is ${expected} TAO, but the proposal says ${tao(rao)}`));
      return null;
    }
  } else if (percent !== null) {
    const num = percentUnits(percent) * total;
    const den = 100n * 10n ** BigInt(PERCENT_SCALE);
    if (num % den !== 0n) {
      errors.push(issue(f.line, f.text, `${label}: ${percent}% of ${totalName} is not a whole number of RAO; state the amount in TAO`));
      return null;
    }
    rao = num / den;
  } else if (rao !== null) {
    percent = percentOf(rao, total);
    if (percent === null) {
      errors.push(issue(f.line, f.text, `${label}: ${tao(rao)} is not an exact percentage of ${totalName}; state the percent`));
      return null;
    }
  }
  if (percent === null || rao === null) return null;
  return { netuid: f.netuid, name: f.name, percent, rao, mode: expectedMode };
}

function checkDca(plan: AllocationPlan, facts: PlanFacts, errors: ParseIssue[]): void {
  if (!plan.dca) return;
  const { duration, cadences } = plan.dca;
  const where = facts.dcaDurations[0] ?? { line: null, text: '' };
  for (const c of cadences) {
    const { min, max } = cadenceRange(duration, c);
    if (min < 1) {
      errors.push(issue(where.line, where.text, `the DCA duration ${duration} is shorter than one ${cadenceWord(c)} cadence (${c})`));
      continue;
    }
    for (const a of plan.allocations.filter((x) => x.mode === 'dca')) {
      const smallest = a.rao / BigInt(max);
      if (smallest < MIN_TRANCHE_RAO) {
        const f = facts.allocations.find((x) => x.netuid === a.netuid);
        errors.push(
          issue(
            f?.line ?? null,
            f?.text ?? '',
            `SN${a.netuid}: a ${cadenceWord(c)} tranche would be about ${displayTao(smallest)} TAO (${tao(a.rao)} over ${max} tranches), under the chain minimum of ${tao(MIN_TRANCHE_RAO)}`,
          ),
        );
      }
    }
  }
}

/**
 * `incomplete` says a reader already refused some allocation lines (a look-alike netuid, say):
 * the sums would then only repeat that problem, so they are not reported.
 */
export function buildPlan(facts: PlanFacts, source: 'prose' | 'block', incomplete = false): Built {
  const errors: ParseIssue[] = [];
  if (facts.allocations.length === 0) {
    return {
      plan: null,
      errors: [
        issue(
          null,
          '',
          'no allocation found: write one line per subnet such as "SN51 – Celium (5% = 44.2 TAO)", or "5% (44.2 TAO) each into SN51, SN64 and SN19", or add a ```govbridge block',
        ),
      ],
      warnings: [],
    };
  }
  const seen = new Map<number, AllocationFact>();
  for (const a of facts.allocations) {
    const prev = seen.get(a.netuid);
    if (prev) errors.push(issue(a.line, a.text, `netuid ${a.netuid} is allocated twice (also on line ${prev.line ?? '?'})`));
    else seen.set(a.netuid, a);
  }
  errors.push(...facts.clauseErrors);
  const warnings: ParseIssue[] = [...facts.clauseWarnings];
  let total = single(facts.totals, 'totals', tao, errors);
  let totalName = total === null ? '' : tao(total);
  const fromLines = totalSourceOf(facts);
  if (total === null && facts.totals.length === 0) {
    if (facts.allocations.every((a) => a.rao !== null)) {
      total = facts.allocations.reduce((s, a) => s + a.rao!, 0n);
      totalName = `${tao(total)} (the ${fromLines.text}; no total is stated)`;
      const lines = facts.allocations.map((a) => a.line).filter((l): l is number => l !== null);
      warnings.push(
        issue(
          lines[0] ?? null,
          '',
          `no total is stated; the total is taken as the ${fromLines.text}: ${tao(total)}. State it ("Total: ${formatTao(total)} TAO") so voters see it`,
        ),
      );
    } else errors.push(issue(null, '', 'no total stated: say "Allocation of 884 TAO" or "total: 884 TAO"'));
  }
  if (total === null) return { plan: null, errors, warnings };
  if (total <= 0n) errors.push(issue(facts.totals[0]?.line ?? null, facts.totals[0]?.text ?? '', 'the total must be more than 0 TAO'));
  const allocations = facts.allocations.map((f) => resolveAllocation(f, total, totalName, errors));
  const first = facts.allocations[0]!;
  const pctSum = facts.allocations.reduce((s, a) => s + (a.percent === null ? 0n : percentUnits(a.percent)), 0n);
  if (!incomplete && facts.allocations.every((a) => a.percent !== null) && pctSum !== percentUnits('100')) {
    errors.push(
      issue(
        first.line,
        first.text,
        `percentages sum to ${formatDecimal({ units: pctSum, scale: PERCENT_SCALE })}%, not 100% (${facts.allocations.map((a) => `${a.percent}%`).join(' + ')})`,
      ),
    );
  }
  const resolved = allocations.filter((a): a is Allocation => a !== null);
  const raoSum = resolved.reduce((s, a) => s + a.rao, 0n);
  if (!incomplete && resolved.length === allocations.length && raoSum !== total) {
    errors.push(issue(first.line, first.text, `amounts sum to ${tao(raoSum)}, not the total of ${totalName}`));
  }
  const hasDca = resolved.some((a) => a.mode === 'dca');
  const duration = single(facts.dcaDurations, 'DCA durations', String, errors);
  const cadences = [...new Set(facts.cadences.map((c) => c.value))].sort((a, b) => cadenceOrder(a) - cadenceOrder(b));
  const lockDuration = single(facts.lockDurations, 'lock durations', String, errors);
  for (const d of [...facts.dcaDurations, ...facts.lockDurations]) {
    const problem = durationProblem(d.value);
    if (problem) errors.push(issue(d.line, d.text, problem));
  }
  if (hasDca && facts.dcaDurations.length === 0)
    errors.push(issue(null, '', 'no DCA duration stated: say "over a 2-month DCA schedule" or "dca: { duration: P2M }"'));
  if (hasDca && cadences.length === 0) errors.push(issue(null, '', 'no DCA cadence stated: say "purchases are made daily or weekly"'));
  const dca = hasDca && duration !== null ? { duration, cadences } : null;
  // Lock problems are reported with the others; without a readable DCA duration they would only repeat that.
  if (!hasDca || dca) errors.push(...lockProblems(facts, lockDuration, dca));
  if (errors.length > 0 || (hasDca && (duration === null || cadences.length === 0))) return { plan: null, errors, warnings };
  const lockValue = lockDuration ?? ((facts.lockImplied.length > 0 || facts.lockToDcaEnd.length > 0) && dca ? dca.duration : null);
  const plan: AllocationPlan = {
    version: 1,
    kind: 'allocation',
    totalRao: total,
    totalSource: fromLines,
    allocations: resolved,
    dca,
    lock: lockValue ? { duration: lockValue } : null,
    source,
    warnings: [],
  };
  checkDca(plan, facts, errors);
  errors.push(...checkSubtotals(plan, facts));
  if (errors.length > 0) return { plan: null, errors, warnings };
  return { plan, errors, warnings: [...warnings, ...checkFigures(plan, facts.figures)] };
}
