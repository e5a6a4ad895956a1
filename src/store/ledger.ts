import type { Db } from './db';
import type { Inclusion, PreparedTx, StakeEvent } from '../chain/port';
import type { Problem } from '../domain/problem';
import { chainOutcome } from '../domain/execution/outcome';
import { AuditLog } from './audit';
import { ledgerAuditEntry, outcomeAction, type LedgerAuditAction } from './ledger-audit';
import { LedgerReader } from './ledger-read';
import { DuplicateSubmissionError, refusalOf } from './ledger-refusal';

export { DuplicateSubmissionError, FencedWriteError } from './ledger-refusal';

export { COMMITTED } from './ledger-row';
export type { LedgerEntry, LedgerKind, LedgerProgress, LedgerRow, LedgerStatus } from './ledger-row';
import type { LedgerEntry, LedgerRow, LedgerStatus } from './ledger-row';

/** Where the fencing token of every ledger write comes from: the lease the process holds, or null. */
export type FenceSource = () => number | null;

/** The ledger columns of an entry that every insert writes. */
function entryValues(e: LedgerEntry, now: Date, fence: number | null) {
  const at = now.toISOString();
  return {
    plan_id: e.planId,
    kind: e.kind,
    netuid: e.netuid,
    tranche_index: e.trancheIndex,
    action: e.action,
    hotkey: e.hotkey,
    amount: e.amount.toString(),
    price: e.price?.toString() ?? null,
    limit_price: e.limitPrice?.toString() ?? null,
    created_at: at,
    updated_at: at,
    fence_token: fence,
  };
}

/**
 * The execution ledger, on SQLite or PostgreSQL. Every write is one transaction, and the same
 * transaction appends each row it wrote to the hash-chained audit trail: no money moves outside
 * the chain. The queries live in LedgerReader.
 */
export class Ledger extends LedgerReader {
  private readonly audit: AuditLog;

  /** Refused duplicates (a second live row for one tranche), counted for the metrics. */
  duplicatesRefused = 0;

  constructor(
    db: Db,
    private readonly fence: FenceSource = () => null,
  ) {
    super(db);
    this.audit = new AuditLog(db);
  }

  /**
   * One write transaction carrying the current fencing token, read once the transaction holds the
   * write lock; the store's refusals (a second live row for a tranche, a stale token, both raised
   * by the schema on either database) come back as typed errors and nothing is written. Joined
   * to a caller's transaction, a refusal on PostgreSQL aborts that whole transaction (SQLite's
   * stays usable), so a caller that catches one must not go on writing in it.
   */
  private async tx<T>(fn: (fence: number | null) => Promise<T>): Promise<T> {
    try {
      return await this.db.tx(() => fn(this.fence()));
    } catch (e) {
      const refusal = refusalOf(e);
      if (refusal instanceof DuplicateSubmissionError) this.duplicatesRefused++;
      throw refusal ?? e;
    }
  }

  /** Appends one audit entry per row, in order: inside a ledger write, so in its transaction. */
  private async audited(rows: LedgerRow[], action: (r: LedgerRow) => LedgerAuditAction, now: Date): Promise<void> {
    for (const r of rows) await this.audit.append(ledgerAuditEntry(r, action(r)), now);
  }

  /** Writes one `submitting` row per action of the signed tx, before it is sent. */
  async recordSubmitting(entries: LedgerEntry[], tx: PreparedTx, now: Date): Promise<number[]> {
    return this.tx(async (fence) => {
      const ids: number[] = [];
      for (const [i, e] of entries.entries()) {
        const row = await this.db.q
          .insertInto('ledger')
          .values({
            ...entryValues(e, now, fence),
            status: 'submitting',
            reason: null,
            outcome_code: null,
            tx_hash: tx.txHash,
            call_hash: tx.callHash,
            signer: tx.signer,
            nonce: tx.nonce,
            era_block: tx.eraBlock,
            valid_until: tx.validUntilBlock,
            action_index: i,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(Number(row.id));
      }
      const rows: LedgerRow[] = [];
      for (const id of ids) rows.push(await this.byId(id));
      await this.audited(rows, () => 'ledger.submitted', now);
      return ids;
    });
  }

  /**
   * A tranche refused without a transaction (price check, caps, a tx that could not be signed):
   * the problem's code is the row's outcome code, its message the reason.
   */
  async recordRefused(e: LedgerEntry, status: 'skipped' | 'failed', why: Problem, now: Date): Promise<number> {
    return this.tx(async (fence) => {
      const row = await this.db.q
        .insertInto('ledger')
        .values({ ...entryValues(e, now, fence), status, reason: why.message, outcome_code: why.code })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      await this.audited([await this.byId(id)], (r) => outcomeAction(r.status), now);
      return id;
    });
  }

  async markInBlock(txHash: string, blockNumber: number, blockHash: string, now: Date): Promise<void> {
    await this.tx(async (fence) => {
      const result = await this.db.q
        .updateTable('ledger')
        .set({ status: 'in-block', block_number: blockNumber, block_hash: blockHash, updated_at: now.toISOString(), fence_token: fence })
        .where('tx_hash', '=', txHash)
        .where('status', '=', 'submitting')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) {
        const rows = (await this.byTx(txHash)).filter((r) => r.status === 'in-block');
        await this.audited(rows, () => 'ledger.in-block', now);
      }
    });
  }

  /**
   * The tx landed: each row gets the event of its action (matched by netuid and hotkey). The rows
   * are read inside the write, so what is matched is what is then updated.
   */
  async markIncluded(txHash: string, inclusion: Inclusion, now: Date): Promise<void> {
    const events = [...inclusion.stakes];
    const status: LedgerStatus = inclusion.finalized && !inclusion.pendingApprovals ? 'finalized' : 'in-block';
    // A proxied batch is not atomic: actions that failed inside an included tx end with their
    // own error (skipped when refused for price, so the retry policy picks them up).
    const failed = new Map((inclusion.failures ?? []).map((f) => [f.index, f.error]));
    const block = { block_number: inclusion.blockNumber, block_hash: inclusion.blockHash, updated_at: now.toISOString() };
    await this.tx(async (fence) => {
      for (const row of await this.byTx(txHash)) {
        const error = row.actionIndex === null ? undefined : failed.get(row.actionIndex);
        const update = this.db.q.updateTable('ledger').where('id', '=', row.id);
        if (error) {
          const refusedAs = error.priceRefusal ? 'skipped' : 'failed';
          const refusal = { status: refusedAs, reason: `${error.name}: ${error.message}`, outcome_code: chainOutcome(error.name) };
          await update.set({ ...refusal, ...block, fence_token: fence }).execute();
          continue;
        }
        const at = events.findIndex((ev: StakeEvent) => ev.netuid === row.netuid && ev.hotkey === row.hotkey);
        const ev = at >= 0 ? events.splice(at, 1)[0] : undefined;
        const reason = inclusion.pendingApprovals
          ? 'multisig: waiting for the other signers'
          : ev
            ? null
            : 'included without a stake event';
        await update
          .set({
            status,
            ...block,
            tao_rao: ev?.taoRao.toString() ?? null,
            alpha: ev?.alpha.toString() ?? null,
            fee_rao: ev?.feeRao.toString() ?? null,
            tx_fee_rao: row.actionIndex === 0 ? inclusion.feeRao.toString() : null,
            reason,
            outcome_code: null,
            fence_token: fence,
          })
          .execute();
      }
      await this.audited(await this.byTx(txHash), (r) => outcomeAction(r.status), now);
    });
  }

  /** The tx was refused or can never land: its rows end with the problem's code and message. */
  async markRefused(txHash: string, status: 'failed' | 'skipped', why: Problem, now: Date, inclusion?: Inclusion): Promise<void> {
    await this.tx(async (fence) => {
      const open = (await this.byTx(txHash)).filter((r) => r.status === 'submitting' || r.status === 'in-block').map((r) => r.id);
      await this.db.q
        .updateTable('ledger')
        .set({
          status,
          reason: why.message,
          outcome_code: why.code,
          block_number: inclusion?.blockNumber ?? null,
          block_hash: inclusion?.blockHash ?? null,
          updated_at: now.toISOString(),
          fence_token: fence,
        })
        .where('tx_hash', '=', txHash)
        .where('status', 'in', ['submitting', 'in-block'])
        .execute();
      const rows: LedgerRow[] = [];
      for (const id of open) rows.push(await this.byId(id));
      await this.audited(rows, (r) => outcomeAction(r.status), now);
    });
  }
}
