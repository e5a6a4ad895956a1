import type { AuditInput } from './audit';
import type { LedgerRow } from './ledger-row';

/** Audit actions written by the ledger, one per row and event, so the chain covers money. */
export type LedgerAuditAction = 'ledger.submitted' | 'ledger.in-block' | 'ledger.finalized' | 'ledger.failed' | 'ledger.skipped';

/** The action for a row's current status once the chain has answered. */
export function outcomeAction(status: LedgerRow['status']): LedgerAuditAction {
  return status === 'finalized'
    ? 'ledger.finalized'
    : status === 'failed'
      ? 'ledger.failed'
      : status === 'skipped'
        ? 'ledger.skipped'
        : 'ledger.in-block';
}

const s = (v: bigint | null): string | null => (v === null ? null : v.toString());

/**
 * One ledger row as an audit entry: what was sent (amount, limit price, tx hash, nonce) and what
 * the chain answered (block, TAO staked, alpha, fees, reason). Amounts are RAO decimal strings.
 */
export function ledgerAuditEntry(row: LedgerRow, action: LedgerAuditAction): AuditInput {
  return {
    actor: 'executor',
    action,
    planId: row.planId,
    reason: row.reason,
    data: {
      ledgerId: row.id,
      kind: row.kind,
      netuid: row.netuid,
      trancheIndex: row.trancheIndex,
      action: row.action,
      status: row.status,
      amount: row.amount.toString(),
      limitPrice: s(row.limitPrice),
      txHash: row.txHash,
      nonce: row.nonce,
      blockNumber: row.blockNumber,
      blockHash: row.blockHash,
      taoRao: s(row.taoRao),
      alpha: s(row.alpha),
      feeRao: s(row.feeRao),
      txFeeRao: s(row.txFeeRao),
    },
  };
}
