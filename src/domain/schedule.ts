import type { AllocationPlan } from './plan';
import { addDuration, wholeCadences } from './duration';

/** One purchase of a DCA allocation: due at `dueAt`, exactly `rao`. */
export interface Tranche {
  netuid: number;
  index: number;
  dueAt: Date;
  rao: bigint;
}

/** n for a plan at an activation time: the whole cadences in [start, start + D) (docs/design.md §4). */
export function trancheCount(plan: AllocationPlan, start: Date, cadence: string): number {
  if (!plan.dca) return 0;
  return wholeCadences(start, plan.dca.duration, cadence);
}

/** start + D, the exclusive end of the DCA window; null when the plan has no DCA. */
export function scheduleEnd(plan: AllocationPlan, start: Date): Date | null {
  return plan.dca ? addDuration(start, plan.dca.duration) : null;
}

/**
 * Splits `rao` into n tranches: base = ⌊A/n⌋, the first A − n·base get one RAO more, so the
 * sum is exact and the larger tranches go first.
 */
export function splitEvenly(rao: bigint, n: number): bigint[] {
  const count = BigInt(n);
  const base = rao / count;
  const r = rao - base * count;
  return Array.from({ length: n }, (_, k) => (BigInt(k) < r ? base + 1n : base));
}

/**
 * The tranches of every DCA allocation, ordered by allocation then index. Pure: time is the
 * `start` argument. Throws RangeError for a cadence the plan does not allow or that does not fit
 * once in the window; parseProposal has already refused plans where that could happen.
 */
export function buildSchedule(plan: AllocationPlan, start: Date, cadence: string): Tranche[] {
  const dcaAllocations = plan.allocations.filter((a) => a.mode === 'dca');
  if (dcaAllocations.length === 0) return [];
  if (!plan.dca || !plan.dca.cadences.includes(cadence)) {
    throw new RangeError(`cadence ${cadence} is not allowed by the plan (allowed: ${plan.dca?.cadences.join(', ') ?? 'none'})`);
  }
  const n = trancheCount(plan, start, cadence);
  if (n < 1) throw new RangeError(`the DCA duration ${plan.dca.duration} is shorter than one ${cadence} cadence`);
  const dueAts = Array.from({ length: n }, (_, k) => addDuration(start, cadence, k));
  return dcaAllocations.flatMap((a) =>
    splitEvenly(a.rao, n).map((rao, index) => ({ netuid: a.netuid, index, dueAt: dueAts[index]!, rao })),
  );
}
