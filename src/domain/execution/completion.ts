import type { LedgerProgress } from './ledger-status';
import type { AllocationPlan } from '../plan';

/**
 * A plan is complete when, for every DCA subnet, the finalized tranches add up to the allocation
 * exactly (to the RAO) and nothing is left in flight.
 */
export function isComplete(p: { plan: AllocationPlan }, rows: LedgerProgress[]): boolean {
  if (rows.some((r) => r.status === 'submitting' || r.status === 'in-block')) return false;
  return p.plan.allocations
    .filter((a) => a.mode === 'dca')
    .every(
      (a) =>
        rows.filter((r) => r.kind === 'tranche' && r.netuid === a.netuid && r.status === 'finalized').reduce((s, r) => s + r.amount, 0n) ===
        a.rao,
    );
}
