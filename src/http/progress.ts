/**
 * Schedule progress of a plan, derived from its schedule and ledger: shared by the API, the
 * dashboard, the metrics and `govbridge status` so they all show the same numbers. Every RAO is
 * accounted: what was sent, what got staked after fees, the fees, and the alpha received.
 */
import type { ExecutedTranche } from '../domain/review';
import { displayTao } from '../domain/tao-text';
import type { PlanView, TrancheView } from './ports';

export interface SubnetProgress {
  netuid: number;
  name: string;
  mode: 'hold' | 'dca';
  plannedRao: bigint;
  /** Sum of the schedule's tranches due at or before now. */
  scheduledRao: bigint;
  /** What left the treasury for finalized tranches (their amounts): the figure compared with the plan. */
  sentRao: bigint;
  /** The same as sentRao; kept under its old name for API clients. */
  deployedRao: bigint;
  /** TAO staked into the pool after fees (StakeAdded tao). */
  stakedRao: bigint;
  feesRao: bigint;
  alphaReceived: bigint;
  tranchesDone: number;
  tranchesTotal: number;
}

export interface PlanProgress {
  subnets: SubnetProgress[];
  plannedRao: bigint;
  scheduledRao: bigint;
  sentRao: bigint;
  deployedRao: bigint;
  stakedRao: bigint;
  feesRao: bigint;
  lockRemainingSeconds: number | null;
}

/** What a finalized tranche took from the treasury: its amount (staked plus fees). */
export const deployedOf = (t: TrancheView): bigint => t.amountRao;

/** Finalized ledger rows in the shape the review takes. */
export function executedTranches(tranches: TrancheView[]): ExecutedTranche[] {
  return tranches
    .filter((t) => t.state === 'finalized')
    .map((t) => ({
      netuid: t.netuid,
      taoRao: t.taoRao ?? t.amountRao,
      alpha: t.alpha ?? 0n,
      feeRao: t.feeRao ?? 0n,
      sentRao: t.amountRao,
    }));
}

/** "44.2 of 44.2 TAO sent (0.021 TAO fees)": the one sentence every output uses. */
export function sentText(sentRao: bigint, plannedRao: bigint, feesRao: bigint): string {
  return `${displayTao(sentRao)} of ${displayTao(plannedRao)} TAO sent (${displayTao(feesRao)} TAO fees)`;
}

const sum = <T>(xs: T[], f: (x: T) => bigint): bigint => xs.reduce((s, x) => s + f(x), 0n);

export function planProgress(view: PlanView, tranches: TrancheView[], now: Date): PlanProgress {
  const done = tranches.filter((t) => t.state === 'finalized');
  const subnets = view.plan.allocations
    .filter((a) => a.mode === 'dca')
    .map((a): SubnetProgress => {
      const sched = view.schedule.filter((s) => s.netuid === a.netuid);
      const mine = done.filter((t) => t.netuid === a.netuid);
      const sentRao = sum(mine, deployedOf);
      return {
        netuid: a.netuid,
        name: a.name,
        mode: a.mode,
        plannedRao: a.rao,
        scheduledRao: sum(
          sched.filter((s) => Date.parse(s.dueAt) <= now.getTime()),
          (s) => s.amountRao,
        ),
        sentRao,
        deployedRao: sentRao,
        stakedRao: sum(mine, (t) => t.taoRao ?? t.amountRao),
        feesRao: sum(mine, (t) => t.feeRao ?? 0n),
        alphaReceived: sum(mine, (t) => t.alpha ?? 0n),
        tranchesDone: mine.length,
        tranchesTotal: sched.length,
      };
    });
  const lockEnd = view.lockEndsAt === null ? null : Date.parse(view.lockEndsAt);
  const sentRao = sum(subnets, (p) => p.sentRao);
  return {
    subnets,
    plannedRao: sum(subnets, (p) => p.plannedRao),
    scheduledRao: sum(subnets, (p) => p.scheduledRao),
    sentRao,
    deployedRao: sentRao,
    stakedRao: sum(subnets, (p) => p.stakedRao),
    feesRao: sum(subnets, (p) => p.feesRao),
    lockRemainingSeconds: lockEnd === null ? null : Math.max(0, Math.floor((lockEnd - now.getTime()) / 1000)),
  };
}
