import type { ChainPort } from '../chain/port';
import type { Logger } from '../log';
import type { Ledger, LedgerRow } from '../store/ledger';
import { refusalProblem } from '../chain/errors';
import { problem } from '../domain/problem';
import { OUTCOME } from '../domain/execution/outcome';

export interface ReconcileReport {
  settled: number;
  pending: number;
}

/**
 * Settles every ledger row left `submitting` or `in-block` (by a crash, a timeout or a lagging
 * finality) from what the chain says about its transaction: found in a block → its events are
 * recorded; its nonce taken by another tx or its era expired → it can never land and the row
 * fails, its amount returning to the plan; still possibly in the pool → it stays, and the
 * caller sends nothing new. Nothing is ever resent blindly.
 */
export async function reconcileUnsettled(chain: ChainPort, ledger: Ledger, now: Date, log: Logger): Promise<ReconcileReport> {
  const byTx = new Map<string, LedgerRow[]>();
  for (const row of await ledger.unsettled()) {
    if (!row.txHash) continue;
    byTx.set(row.txHash, [...(byTx.get(row.txHash) ?? []), row]);
  }
  const report: ReconcileReport = { settled: 0, pending: 0 };
  for (const [txHash, rows] of byTx) {
    const r0 = rows[0]!;
    const r = await chain.reconcile({
      txHash,
      signer: r0.signer ?? '',
      nonce: r0.nonce ?? -1,
      eraBlock: r0.eraBlock ?? 0,
      validUntilBlock: r0.validUntil ?? 0,
    });
    if (r.status === 'pending') {
      report.pending++;
      log.warn('transaction still pending; sending nothing new', { txHash });
      continue;
    }
    if (r.status === 'included') {
      if (r.failure)
        await ledger.markRefused(txHash, r.failure.priceRefusal ? 'skipped' : 'failed', refusalProblem(r.failure), now, r.inclusion);
      else await ledger.markIncluded(txHash, r.inclusion, now);
      if (!r.failure && !r.inclusion.finalized) report.pending++;
    } else {
      const why = r.status === 'nonce-taken' ? 'another transaction used its nonce' : 'its era expired unused';
      // The code decides the retry (see due.ts); the words keep the reason readers have always seen.
      const never = problem(OUTCOME.notIncluded, `NotIncluded: ${why}; the amount returns to the plan`, { status: r.status });
      await ledger.markRefused(txHash, 'failed', never, now);
    }
    report.settled++;
    log.info('reconciled', { txHash, status: r.status, failure: r.status === 'included' ? r.failure?.name : undefined, rows: rows.length });
  }
  return report;
}
