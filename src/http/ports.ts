/**
 * What the transparency side (API, dashboard, metrics, CLI report/status) reads. The lead adapts
 * the real stores (proposals, plans, ledger) to these at wiring time in src/main.ts; tests
 * implement them over plain objects. Amounts are bigint RAO (alpha in its 10^9 base units,
 * prices in RAO per alpha); the HTTP layer writes them as decimal strings. Times are ISO 8601.
 */
import type { AllocationPlan } from '../domain/plan';

export interface ProposalView {
  id: string;
  title: string;
  author: string;
  space: string;
  /** Voting end, ISO 8601. */
  end: string;
  /** accepted | refused | blocked | pending ... as the rules said; reasons say why in words. */
  verdict: string;
  reasons: string[];
  /** The plan made from it, when accepted. */
  planId: string | null;
  link: string | null;
}

/** One tranche of the plan's schedule (docs/design.md §4), whether or not it has run yet. */
export interface ScheduledTranche {
  netuid: number;
  index: number;
  dueAt: string;
  amountRao: bigint;
}

export interface HaltView {
  at: string;
  by: string;
  reason: string;
}

/** A phase 1 move (docs/design.md §6): root stake freed for the DCA budget, or topped up. */
export interface Phase1View {
  action: 'removeStake' | 'addStake' | 'removeStakeLimit' | 'addStakeLimit';
  netuid: number;
  amountRao: bigint;
  state: TrancheState;
  txHash: string | null;
  blockNumber: number | null;
  at: string;
}

export interface PlanView {
  id: string;
  proposalId: string;
  title: string;
  /** Lifecycle state: accepted, active, halted, completed, cancelled, ... */
  state: string;
  plan: AllocationPlan;
  activatedAt: string | null;
  lockEndsAt: string | null;
  /** What an accepted plan waits for before activation (funds, hotkeys, authority); null otherwise. */
  waiting?: string | null;
  /** Set while the plan is halted (ops or emergency), null otherwise. */
  halt: HaltView | null;
  /** Whether the hub's record matched the author-signed original on IPFS; null when not checked. */
  authenticity?: AuthenticityView | null;
  schedule: ScheduledTranche[];
  /** Phase 1 moves from the ledger; absent when the read model does not know them. */
  phase1?: Phase1View[];
}

/** The last check of a proposal against its author-signed original. */
export interface AuthenticityView {
  status: 'verified' | 'mismatch' | 'pending';
  cid: string | null;
  signer: string | null;
  /** How the bytes were checked (verified), or why it failed or waits. */
  detail: string;
  checkedAt: string;
}

/** Ledger states of docs/design.md §6. */
export type TrancheState = 'planned' | 'submitting' | 'in-block' | 'finalized' | 'failed' | 'skipped';

export interface TrancheView {
  id: string;
  planId: string;
  netuid: number;
  index: number;
  state: TrancheState;
  amountRao: bigint;
  /** From StakeAdded once finalized; null before. */
  taoRao: bigint | null;
  alpha: bigint | null;
  feeRao: bigint | null;
  txHash: string | null;
  blockNumber: number | null;
  reason: string | null;
  /** The outcome code of a refused tranche (`chain.SlippageTooHigh`, `ledger.not-included`); null otherwise. */
  outcomeCode?: string | null;
  /** Time of the last state change. */
  at: string;
}

export interface ReadModel {
  proposals(): Promise<ProposalView[]>;
  plans(): Promise<PlanView[]>;
  plan(id: string): Promise<PlanView | undefined>;
  /** Ledger rows of one plan, oldest first. */
  tranches(planId: string): Promise<TrancheView[]>;
}

/** Current alpha price per netuid (RAO per alpha). ChainPort satisfies it. */
export interface PriceSource {
  alphaPrice(netuid: number): Promise<bigint>;
}
