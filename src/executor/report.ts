import type { Problem } from '../domain/problem';

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
  notes: { planId: string; note: string }[];
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
