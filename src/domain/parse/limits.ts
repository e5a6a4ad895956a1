import { formatTao } from '../amount';
import type { AllocationPlan } from '../plan';
import type { PlanFacts } from './facts';
import { issue, type ParseIssue } from './issues';

/**
 * Hard bounds on what a proposal may ask for, passed in by the caller (config `policy.maxTotal`
 * and `policy.maxAllocations`); a plan outside them is refused, whatever the voters approved.
 */
export interface ParseLimits {
  /** Largest total a plan may move, in RAO. */
  maxTotalRao: bigint;
  /** Most allocations one plan may have. */
  maxAllocations: number;
}

/** Subtensor balances are u64 RAO. */
export const U64_MAX = 2n ** 64n - 1n;
/** 21,000,000 TAO: the whole supply. */
export const DEFAULT_LIMITS: ParseLimits = { maxTotalRao: 21_000_000n * 10n ** 9n, maxAllocations: 64 };

const tao = (rao: bigint) => `${formatTao(rao)} TAO`;

function amountProblem(rao: bigint, what: string, limits: ParseLimits): string | null {
  if (rao > U64_MAX) return `${what} ${tao(rao)} does not fit a chain balance (u64 RAO, at most ${tao(U64_MAX)})`;
  if (rao > limits.maxTotalRao) return `${what} ${tao(rao)} is over the limit of ${tao(limits.maxTotalRao)} (policy.maxTotal)`;
  return null;
}

export function limitProblems(facts: PlanFacts, limits: ParseLimits): ParseIssue[] {
  const errors: ParseIssue[] = [];
  if (facts.allocations.length > limits.maxAllocations) {
    const first = facts.allocations[0]!;
    errors.push(
      issue(
        first.line,
        first.text,
        `${facts.allocations.length} allocations, more than the ${limits.maxAllocations} a plan may have (policy.maxAllocations)`,
      ),
    );
  }
  for (const t of facts.totals) {
    const p = amountProblem(t.value, 'the total', limits);
    if (p) errors.push(issue(t.line, t.text, p));
  }
  for (const a of facts.allocations) {
    const p = a.rao === null ? null : amountProblem(a.rao, `netuid ${a.netuid}'s amount`, limits);
    if (p) errors.push(issue(a.line, a.text, p));
  }
  return errors;
}

export function planLimitProblems(plan: AllocationPlan, limits: ParseLimits): ParseIssue[] {
  const p = amountProblem(plan.totalRao, 'the total', limits);
  return p ? [issue(null, '', p)] : [];
}
