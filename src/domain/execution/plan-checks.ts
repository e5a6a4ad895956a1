import type { AllocationPlan } from '../plan';

/**
 * Checks the executor makes itself before moving money for a plan, whatever the parser and the
 * rules said: the amounts add up to the total, no subnet twice, a DCA share has a DCA section.
 * Any problem stops the plan's execution and is logged; nothing is sent.
 */
export function planProblems(plan: AllocationPlan): string[] {
  const problems: string[] = [];
  const sum = plan.allocations.reduce((s, a) => s + a.rao, 0n);
  if (sum !== plan.totalRao) problems.push(`allocations sum to ${sum} RAO but the plan total is ${plan.totalRao} RAO`);
  const seen = new Set<number>();
  for (const a of plan.allocations) {
    if (a.rao < 0n) problems.push(`allocation for netuid ${a.netuid} is negative`);
    if (seen.has(a.netuid)) problems.push(`netuid ${a.netuid} appears twice`);
    seen.add(a.netuid);
    if (a.mode === 'dca' && a.netuid === 0) problems.push('a DCA allocation cannot target root (netuid 0)');
  }
  if (plan.allocations.some((a) => a.mode === 'dca') && !plan.dca) problems.push('DCA allocations without a DCA duration');
  return problems;
}
