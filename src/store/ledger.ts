import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import type { Inclusion, PreparedTx, StakeAction, StakeEvent } from '../chain/port';
import { AuditLog } from './audit';
import { ledgerAuditEntry, outcomeAction, type LedgerAuditAction } from './ledger-audit';

export { COMMITTED, NOT_INCLUDED } from './ledger-row';
export type { LedgerEntry, LedgerKind, LedgerProgress, LedgerRow, LedgerStatus } from './ledger-row';
import type { LedgerEntry, LedgerKind, LedgerProgress, LedgerRow, LedgerStatus } from './ledger-row';
import { NOT_INCLUDED } from './ledger-row';

type Raw = Record<string, string | number | null>;
const big = (v: string | number | null): bigint | null => (v === null ? null : BigInt(v));
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));
const str = (v: string | number | null): string | null => (v === null ? null : String(v));

function fromRaw(r: Raw): LedgerRow {
  return {
    id: Number(r.id),
    planId: String(r.plan_id),
    kind: r.kind as LedgerKind,
    netuid: Number(r.netuid),
    trancheIndex: Number(r.tranche_index),
    action: r.action as StakeAction['kind'],
    hotkey: String(r.hotkey),
    amount: BigInt(r.amount!),
    price: big(r.price ?? null),
    limitPrice: big(r.limit_price ?? null),
    status: r.status as LedgerStatus,
    reason: str(r.reason ?? null),
    txHash: str(r.tx_hash ?? null),
    callHash: str(r.call_hash ?? null),
    signer: str(r.signer ?? null),
    nonce: num(r.nonce ?? null),
    eraBlock: num(r.era_block ?? null),
    validUntil: num(r.valid_until ?? null),
    actionIndex: num(r.action_index ?? null),
    blockNumber: num(r.block_number ?? null),
    blockHash: str(r.block_hash ?? null),
    taoRao: big(r.tao_rao ?? null),
    alpha: big(r.alpha ?? null),
    feeRao: big(r.fee_rao ?? null),
    txFeeRao: big(r.tx_fee_rao ?? null),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

const INSERT = `INSERT INTO ledger (plan_id, kind, netuid, tranche_index, action, hotkey, amount, price, limit_price, status, reason,
  tx_hash, call_hash, signer, nonce, era_block, valid_until, action_index, created_at, updated_at, fence_token)
  VALUES (@planId, @kind, @netuid, @trancheIndex, @action, @hotkey, @amount, @price, @limitPrice, @status, @reason,
  @txHash, @callHash, @signer, @nonce, @eraBlock, @validUntil, @actionIndex, @now, @now, @fence)`;

/** What the store says when a write breaks the one-live-row rule (migration 012). */
export class DuplicateSubmissionError extends Error {
  override name = 'DuplicateSubmissionError';
}

/** What the store says when a writer without the current executor lease tries to write. */
export class FencedWriteError extends Error {
  override name = 'FencedWriteError';
}

const DUPLICATE = /UNIQUE constraint failed: ledger\./;

/** Where the fencing token of every ledger write comes from: the lease the process holds, or null. */
export type FenceSource = () => number | null;

/**
 * All SQL of the execution ledger. Every write is one transaction, and the same transaction
 * appends each row it wrote to the hash-chained audit trail: no money moves outside the chain.
 */
export class Ledger {
  private readonly statements = new Map<string, Statement<unknown[]>>();
  private readonly audit: AuditLog;

  /** Refused duplicates (a second live row for one tranche), counted for the metrics. */
  duplicatesRefused = 0;

  constructor(
    private readonly db: Db,
    private readonly fence: FenceSource = () => null,
  ) {
    this.audit = new AuditLog(db);
  }

  /**
   * One write transaction carrying the current fencing token; the store's refusals (a second
   * live row for a tranche, a stale token) come back as typed errors and nothing is written.
   */
  private tx<T>(fn: (fence: number | null) => T): T {
    const fence = this.fence();
    try {
      return this.db.transaction(() => fn(fence))();
    } catch (e) {
      const message = (e as Error).message ?? '';
      if (DUPLICATE.test(message)) {
        this.duplicatesRefused++;
        throw new DuplicateSubmissionError(`a live ledger row already exists for this tranche: ${message}`);
      }
      if (message.startsWith('fenced:')) throw new FencedWriteError(message);
      throw e;
    }
  }

  private byId(id: number): LedgerRow {
    return fromRaw(this.sql('SELECT * FROM ledger WHERE id = ?').get(id) as Raw);
  }

  private audited(rows: LedgerRow[], action: (r: LedgerRow) => LedgerAuditAction, now: Date): void {
    for (const r of rows) this.audit.append(ledgerAuditEntry(r, action(r)), now);
  }

  /** Statements are prepared once per ledger: the executor runs the same few on every tick. */
  private sql(text: string): Statement<unknown[]> {
    let stmt = this.statements.get(text);
    if (!stmt) this.statements.set(text, (stmt = this.db.prepare(text)));
    return stmt;
  }

  private params(e: LedgerEntry, now: Date, fence: number | null) {
    return {
      planId: e.planId,
      kind: e.kind,
      netuid: e.netuid,
      trancheIndex: e.trancheIndex,
      action: e.action,
      hotkey: e.hotkey,
      amount: e.amount.toString(),
      price: e.price?.toString() ?? null,
      limitPrice: e.limitPrice?.toString() ?? null,
      now: now.toISOString(),
      fence,
    };
  }

  /** Writes one `submitting` row per action of the signed tx, before it is sent. */
  async recordSubmitting(entries: LedgerEntry[], tx: PreparedTx, now: Date): Promise<number[]> {
    const stmt = this.sql(INSERT);
    return this.tx((fence) => {
      const ids = entries.map((e, i) =>
        Number(
          stmt.run({
            ...this.params(e, now, fence),
            status: 'submitting',
            reason: null,
            txHash: tx.txHash,
            callHash: tx.callHash,
            signer: tx.signer,
            nonce: tx.nonce,
            eraBlock: tx.eraBlock,
            validUntil: tx.validUntilBlock,
            actionIndex: i,
          }).lastInsertRowid,
        ),
      );
      this.audited(
        ids.map((id) => this.byId(id)),
        () => 'ledger.submitted',
        now,
      );
      return ids;
    });
  }

  /** A tranche refused without a transaction (price check, caps): recorded with its reason. */
  async recordRefused(e: LedgerEntry, status: 'skipped' | 'failed', reason: string, now: Date): Promise<number> {
    const none = { txHash: null, callHash: null, signer: null, nonce: null, eraBlock: null, validUntil: null, actionIndex: null };
    return this.tx((fence) => {
      const id = Number(this.sql(INSERT).run({ ...this.params(e, now, fence), ...none, status, reason }).lastInsertRowid);
      this.audited([this.byId(id)], (r) => outcomeAction(r.status), now);
      return id;
    });
  }

  async markInBlock(txHash: string, blockNumber: number, blockHash: string, now: Date): Promise<void> {
    this.tx((fence) => {
      const changed = this.sql(
        `UPDATE ledger SET status = 'in-block', block_number = ?, block_hash = ?, updated_at = ?, fence_token = ? WHERE tx_hash = ? AND status = 'submitting'`,
      ).run(blockNumber, blockHash, now.toISOString(), fence, txHash).changes;
      if (changed > 0)
        this.audited(
          this.byTx(txHash).filter((r) => r.status === 'in-block'),
          () => 'ledger.in-block',
          now,
        );
    });
  }

  /** The tx landed: each row gets the event of its action (matched by netuid and hotkey). */
  async markIncluded(txHash: string, inclusion: Inclusion, now: Date): Promise<void> {
    const rows = this.byTx(txHash);
    const events = [...inclusion.stakes];
    const stmt = this.sql(`UPDATE ledger SET status = ?, block_number = ?, block_hash = ?, tao_rao = ?, alpha = ?, fee_rao = ?,
      tx_fee_rao = ?, reason = ?, updated_at = ?, fence_token = ? WHERE id = ?`);
    const status: LedgerStatus = inclusion.finalized && !inclusion.pendingApprovals ? 'finalized' : 'in-block';
    // A proxied batch is not atomic: actions that failed inside an included tx end with their
    // own error (skipped when refused for price, so the retry policy picks them up).
    const failed = new Map((inclusion.failures ?? []).map((f) => [f.index, f.error]));
    const refuse = this.sql(
      `UPDATE ledger SET status = ?, reason = ?, block_number = ?, block_hash = ?, updated_at = ?, fence_token = ? WHERE id = ?`,
    );
    this.tx((fence) => {
      for (const row of rows) {
        const error = row.actionIndex === null ? undefined : failed.get(row.actionIndex);
        if (error) {
          refuse.run(
            error.priceRefusal ? 'skipped' : 'failed',
            `${error.name}: ${error.message}`,
            inclusion.blockNumber,
            inclusion.blockHash,
            now.toISOString(),
            fence,
            row.id,
          );
          continue;
        }
        const at = events.findIndex((ev: StakeEvent) => ev.netuid === row.netuid && ev.hotkey === row.hotkey);
        const ev = at >= 0 ? events.splice(at, 1)[0] : undefined;
        const reason = inclusion.pendingApprovals
          ? 'multisig: waiting for the other signers'
          : ev
            ? null
            : 'included without a stake event';
        stmt.run(
          status,
          inclusion.blockNumber,
          inclusion.blockHash,
          ev?.taoRao.toString() ?? null,
          ev?.alpha.toString() ?? null,
          ev?.feeRao.toString() ?? null,
          row.actionIndex === 0 ? inclusion.feeRao.toString() : null,
          reason,
          now.toISOString(),
          fence,
          row.id,
        );
      }
      this.audited(this.byTx(txHash), (r) => outcomeAction(r.status), now);
    });
  }

  /** The tx was refused or can never land: its rows end with the chain's reason. */
  async markRefused(txHash: string, status: 'failed' | 'skipped', reason: string, now: Date, inclusion?: Inclusion): Promise<void> {
    this.tx((fence) => {
      const open = this.byTx(txHash)
        .filter((r) => r.status === 'submitting' || r.status === 'in-block')
        .map((r) => r.id);
      this.sql(
        `UPDATE ledger SET status = ?, reason = ?, block_number = ?, block_hash = ?, updated_at = ?, fence_token = ? WHERE tx_hash = ? AND status IN ('submitting', 'in-block')`,
      ).run(status, reason, inclusion?.blockNumber ?? null, inclusion?.blockHash ?? null, now.toISOString(), fence, txHash);
      this.audited(
        open.map((id) => this.byId(id)),
        (r) => outcomeAction(r.status),
        now,
      );
    });
  }

  async byTx(txHash: string): Promise<LedgerRow[]> {
    return (this.sql('SELECT * FROM ledger WHERE tx_hash = ? ORDER BY action_index').all(txHash) as Raw[]).map(fromRaw);
  }

  /** Rows whose fate the chain has not settled yet: reconciled before anything new is sent. */
  async unsettled(): Promise<LedgerRow[]> {
    return (this.sql(`SELECT * FROM ledger WHERE status IN ('submitting', 'in-block') ORDER BY id`).all() as Raw[]).map(fromRaw);
  }

  /** Every plan id with ledger rows. */
  async planIds(): Promise<string[]> {
    return (this.sql('SELECT DISTINCT plan_id FROM ledger').all() as { plan_id: string }[]).map((r) => r.plan_id);
  }

  async forPlan(planId: string): Promise<LedgerRow[]> {
    return (this.sql('SELECT * FROM ledger WHERE plan_id = ? ORDER BY id').all(planId) as Raw[]).map(fromRaw);
  }

  /** The few columns the executor decides from, for every row of a plan: cheap on every tick. */
  async progress(planId: string): Promise<LedgerProgress[]> {
    const rows = this.sql(
      `SELECT kind, netuid, tranche_index, status, amount, substr(COALESCE(reason, ''), 1, ${NOT_INCLUDED.length}) = '${NOT_INCLUDED}' FROM ledger WHERE plan_id = ? ORDER BY id`,
    )
      .raw(true)
      .all(planId) as [LedgerKind, number, number, LedgerStatus, string, number][];
    return rows.map(([kind, netuid, trancheIndex, status, amount, notIncluded]) => ({
      kind,
      netuid,
      trancheIndex,
      status,
      amount: BigInt(amount),
      notIncluded: notIncluded === 1,
    }));
  }

  /** RAO of tranches sent since `since` (any plan) that landed or may still land. */
  async committedSince(since: Date): Promise<bigint> {
    const rows = this.sql(
      `SELECT amount FROM ledger WHERE kind = 'tranche' AND status IN ('submitting', 'in-block', 'finalized') AND created_at >= ?`,
    ).all(since.toISOString()) as { amount: string }[];
    return rows.reduce((s, r) => s + BigInt(r.amount), 0n);
  }

  /** The last `limit` prices recorded for a subnet's tranches, newest first. */
  async recentPrices(netuid: number, limit: number): Promise<bigint[]> {
    const rows = this.sql(
      `SELECT price FROM ledger WHERE kind = 'tranche' AND netuid = ? AND price IS NOT NULL ORDER BY id DESC LIMIT ?`,
    ).all(netuid, limit) as { price: string }[];
    return rows.map((r) => BigInt(r.price));
  }
}
