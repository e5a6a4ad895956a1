import type { Inclusion } from '../chain/port';
import { Ledger, type FenceSource, type LedgerEntry, type LedgerRow } from '../store/ledger';
import type { Db } from '../store/db';
import type { Notify } from '../governance/audit-sink';
import type { Problem } from '../domain/problem';
import { trancheSummary } from '../notify/events';

/**
 * The ledger, telling people about every tranche outcome as it is written. Notifying at the
 * ledger means no outcome can be recorded without being announced, whichever path wrote it
 * (a tick, a retry, a reconciliation after a crash). The announcement follows the write's
 * transaction, never inside it, and enqueueing never blocks the writer.
 */
export class NotifyingLedger extends Ledger {
  constructor(
    db: Db,
    private readonly notify: Notify,
    fence?: FenceSource,
  ) {
    super(db, fence);
  }

  override async recordRefused(e: LedgerEntry, status: 'skipped' | 'failed', why: Problem, now: Date): Promise<number> {
    const id = await super.recordRefused(e, status, why, now);
    const row = { ...e, status, reason: why.message, outcomeCode: why.code, blockNumber: null, txHash: null };
    if (e.kind === 'tranche') this.announce([row], now);
    return id;
  }

  override async markIncluded(txHash: string, inclusion: Inclusion, now: Date): Promise<void> {
    await super.markIncluded(txHash, inclusion, now);
    // Finalized rows, and actions that failed inside the included batch, are outcomes now.
    const rows = await this.byTx(txHash);
    this.announce(
      rows.filter((r) => r.status === 'finalized' || r.status === 'failed' || r.status === 'skipped'),
      now,
    );
  }

  override async markRefused(txHash: string, status: 'failed' | 'skipped', why: Problem, now: Date, inclusion?: Inclusion): Promise<void> {
    // The rows still open before the write are the ones it ends: those are announced.
    const open = (await this.byTx(txHash)).filter((r) => r.status === 'submitting' || r.status === 'in-block');
    await super.markRefused(txHash, status, why, now, inclusion);
    this.announce(
      open.map((r) => ({ ...r, status, reason: why.message, outcomeCode: why.code })),
      now,
    );
  }

  private announce(
    rows: Pick<LedgerRow, 'planId' | 'kind' | 'netuid' | 'amount' | 'status' | 'reason' | 'outcomeCode' | 'blockNumber' | 'txHash'>[],
    now: Date,
  ): void {
    for (const r of rows) {
      if (r.kind !== 'tranche') continue;
      const event = r.status === 'finalized' ? 'tranche.finalized' : r.status === 'failed' ? 'tranche.failed' : 'tranche.skipped';
      this.notify({
        event,
        summary: trancheSummary({
          netuid: r.netuid,
          amountRao: r.amount,
          state: r.status,
          blockNumber: r.blockNumber,
          txHash: r.txHash,
          reason: r.reason,
        }),
        at: now.toISOString(),
        planId: r.planId,
        // A refused or failed tranche carries its outcome code, for a receiver to act on without parsing words.
        data: {
          netuid: r.netuid,
          amountRao: r.amount.toString(),
          txHash: r.txHash,
          blockNumber: r.blockNumber,
          reason: r.reason,
          ...(r.status === 'finalized' ? {} : { code: r.outcomeCode }),
        },
      });
    }
  }
}
