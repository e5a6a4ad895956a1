/**
 * The shape of one execution ledger row, apart from the SQL that reads and writes it, so that the
 * audit entries made from a row (ledger-audit.ts) and the ledger itself share it without a circle. The
 * statuses and the part of a row the execution decisions read are the domain's (ledger-status.ts).
 */
import type { StakeAction } from '../domain/execution/action';
import type { LedgerKind, LedgerProgress, LedgerStatus } from '../domain/execution/ledger-status';

export { COMMITTED } from '../domain/execution/ledger-status';
export type { LedgerKind, LedgerProgress, LedgerStatus };

export interface LedgerEntry {
  planId: string;
  kind: LedgerKind;
  netuid: number;
  /** Tranche index in the schedule; -1 for phase 1. */
  trancheIndex: number;
  action: StakeAction['kind'];
  hotkey: string;
  /** RAO for a stake, alpha units for an unstake. */
  amount: bigint;
  price: bigint | null;
  limitPrice: bigint | null;
}

export interface LedgerRow extends LedgerEntry {
  id: number;
  status: LedgerStatus;
  reason: string | null;
  /** What a refused row ended with, as a code (see OUTCOME in src/domain/execution/outcome.ts); null otherwise. */
  outcomeCode: string | null;
  txHash: string | null;
  callHash: string | null;
  signer: string | null;
  nonce: number | null;
  eraBlock: number | null;
  validUntil: number | null;
  actionIndex: number | null;
  blockNumber: number | null;
  blockHash: string | null;
  taoRao: bigint | null;
  alpha: bigint | null;
  feeRao: bigint | null;
  txFeeRao: bigint | null;
  createdAt: string;
  updatedAt: string;
}

/** The columns the executor decides from; a refused row's fate is its outcome code. */
