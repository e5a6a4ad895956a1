/**
 * What the execution decisions read from the ledger: a row's status and what it was for. The
 * store's rows carry more (hashes, blocks, fees), but due, completion and the caps decide from
 * these fields alone, so they stay pure and a restart decides the same from the same rows.
 */
export type LedgerStatus = 'submitting' | 'in-block' | 'finalized' | 'failed' | 'skipped';
export type LedgerKind = 'phase1' | 'tranche';

/** Statuses whose amount counts as spent: it landed, or it may still land. */
export const COMMITTED: readonly LedgerStatus[] = ['submitting', 'in-block', 'finalized'];

/** One ledger row as the decisions see it. */
export interface LedgerProgress {
  kind: LedgerKind;
  netuid: number;
  /** Tranche index in the schedule; -1 for phase 1. */
  trancheIndex: number;
  status: LedgerStatus;
  /** RAO for a stake, alpha units for an unstake. */
  amount: bigint;
  /** Why a refused row ended (see outcome.ts); null while it is live or once it landed. */
  outcomeCode: string | null;
}
