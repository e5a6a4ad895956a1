import type { Problem } from '../domain/problem';

/**
 * Why a plan sent nothing in a tick, as a code a caller matches on (the note's words are for
 * people): its state, its checks, its schedule, activation, a missing hotkey, a cap, or a halt
 * that arrived while the tick ran. A note is not an error: the tick still succeeded.
 */
export const NOTE = {
  planState: 'tick.plan-state',
  plan: 'tick.plan',
  schedule: 'tick.schedule',
  activation: 'tick.activation',
  hotkey: 'tick.hotkey',
  cap: 'tick.cap',
  leftActive: 'tick.left-active',
} as const;

export interface TickNote {
  planId: string;
  code: (typeof NOTE)[keyof typeof NOTE];
  note: string;
}

/** What one tick did, for the log, the CLI (`govbridge run --once`) and tests. */
export interface TickReport {
  at: string;
  /** Unsettled transactions settled from the chain at the start of the tick. */
  reconciled: number;
  /** Transactions still pending: while any is, nothing new is sent. */
  pending: number;
  activated: string[];
  completed: string[];
  /** Ledger rows sent in this tick's batch. */
  sent: number;
  /** Result of the batch: included, refused, unknown, or none when nothing was sent. */
  batch: 'included' | 'refused' | 'unknown' | 'none';
  /** Tranches refused before sending (price check) in this tick. */
  refused: number;
  /** Plans skipped, with the reason (halted, waiting for authority, inconsistent plan, cap). */
  notes: TickNote[];
  /**
   * What went wrong, each with its code (see tickProblem in faults.ts): metrics count them by it,
   * a `tick.store.*` code as a store error, never as a chain error.
   */
  problems: Problem[];
}

export function emptyReport(now: Date): TickReport {
  return {
    at: now.toISOString(),
    reconciled: 0,
    pending: 0,
    activated: [],
    completed: [],
    sent: 0,
    batch: 'none',
    refused: 0,
    notes: [],
    problems: [],
  };
}
