/**
 * Schedule progress of a plan, derived from its schedule and ledger: shared by the API, the
 * dashboard, the metrics and `govbridge status` so they all show the same numbers.
 */
import type { ExecutedTranche } from '../domain/review';
import type { PlanView, TrancheView } from './ports';

export interface SubnetProgress {
  netuid: number;
  name: string;
  mode: 'hold' | 'dca';
  plannedRao: bigint;
  /** Sum of the schedule's tranches due at or before now. */
  scheduledRao: bigint;
  /** Sum of finalized tranches (StakeAdded tao when known, else the amount sent). */
  deployedRao: bigint;
  tranchesDone: number;
  tranchesTotal: number;
}

export interface PlanProgress {
  subnets: SubnetProgress[];
  plannedRao: bigint;
  scheduledRao: bigint;
  deployedRao: bigint;
  lockRemainingSeconds: number | null;
}

export const deployedOf = (t: TrancheView): bigint => t.taoRao ?? t.amountRao;

/** Finalized ledger rows in the shape the review takes. */
export function executedTranches(tranches: TrancheView[]): ExecutedTranche[] {
  return tranches
    .filter((t) => t.state === 'finalized')
    .map((t) => ({ netuid: t.netuid, taoRao: deployedOf(t), alpha: t.alpha ?? 0n, feeRao: t.feeRao ?? 0n }));
}

export function planProgress(view: PlanView, tranches: TrancheView[], now: Date): PlanProgress {
  const done = tranches.filter((t) => t.state === 'finalized');
  const subnets = view.plan.allocations
    .filter((a) => a.mode === 'dca')
    .map((a): SubnetProgress => {
      const sched = view.schedule.filter((s) => s.netuid === a.netuid);
      const mine = done.filter((t) => t.netuid === a.netuid);
      return {
        netuid: a.netuid,
        name: a.name,
        mode: a.mode,
        plannedRao: a.rao,
        scheduledRao: sched.filter((s) => Date.parse(s.dueAt) <= now.getTime()).reduce((sum, s) => sum + s.amountRao, 0n),
        deployedRao: mine.reduce((sum, t) => sum + deployedOf(t), 0n),
        tranchesDone: mine.length,
        tranchesTotal: sched.length,
      };
    });
  const lockEnd = view.lockEndsAt === null ? null : Date.parse(view.lockEndsAt);
  return {
    subnets,
    plannedRao: subnets.reduce((s, p) => s + p.plannedRao, 0n),
    scheduledRao: subnets.reduce((s, p) => s + p.scheduledRao, 0n),
    deployedRao: subnets.reduce((s, p) => s + p.deployedRao, 0n),
    lockRemainingSeconds: lockEnd === null ? null : Math.max(0, Math.floor((lockEnd - now.getTime()) / 1000)),
  };
}
