import type { Db } from './db';
import { canonicalJson } from './canonical-json';
import {
  GENESIS_HASH,
  asRow,
  entryHash,
  toEntry,
  type AuditAnchor,
  type AuditEntry,
  type AuditInput,
  type AuditVerdict,
  type Row,
} from './audit-entry';

export { GENESIS_HASH, entryHash } from './audit-entry';
export type { AuditAnchor, AuditEntry, AuditInput, AuditVerdict } from './audit-entry';

/** Rows `verify` and `exportLines` read at a time: a long trail is walked without holding it all. */
const WALK_PAGE = 1000;

/**
 * The append-only, hash-chained audit trail, on SQLite or PostgreSQL. The schema refuses every
 * UPDATE and DELETE on both ('audit_log is append-only: ...'). An append reads the head and
 * writes the next entry in one write transaction (joining the caller's, when a ledger write
 * appends), and write transactions are exclusive on both databases, so two processes (the
 * service and a CLI) never fork the chain.
 */
export class AuditLog {
  constructor(private readonly db: Db) {}

  async append(e: AuditInput, now: Date): Promise<AuditEntry> {
    return this.db.tx(async (): Promise<AuditEntry> => {
      const last = await this.head();
      const fields = {
        seq: (last?.seq ?? 0) + 1,
        at: now.toISOString(),
        actor: e.actor,
        action: e.action,
        plan_id: e.planId ?? null,
        proposal_id: e.proposalId ?? null,
        reason: e.reason ?? null,
        data: e.data === undefined || e.data === null ? null : canonicalJson(e.data),
      };
      const prevHash = last?.hash ?? GENESIS_HASH;
      const row: Row = { ...fields, prev_hash: prevHash, hash: entryHash(prevHash, fields) };
      await this.db.q.insertInto('audit_log').values(row).execute();
      return toEntry(row);
    });
  }

  /** Entries with seq > cursor (null = from the start), oldest first. */
  async page(cursor: number | null, limit: number, planId?: string): Promise<{ entries: AuditEntry[]; nextCursor: number | null }> {
    let query = this.db.q
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', cursor ?? 0);
    if (planId !== undefined) query = query.where('plan_id', '=', planId);
    const rows = await query
      .orderBy('seq')
      .limit(limit + 1)
      .execute();
    const more = rows.length > limit;
    const entries = rows.slice(0, limit).map((r) => toEntry(asRow(r)));
    return { entries, nextCursor: more && entries.length > 0 ? entries[entries.length - 1]!.seq : null };
  }

  /** The newest entry of one action for a plan (e.g. its last halt), or null. */
  async latest(planId: string, action: string): Promise<AuditEntry | null> {
    const row = await this.db.q
      .selectFrom('audit_log')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('action', '=', action)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toEntry(asRow(row)) : null;
  }

  /** The newest entry's seq and hash: what to note elsewhere as an anchor. */
  async head(): Promise<AuditAnchor | null> {
    const row = await this.db.q.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }

  /** Entries per action ("ledger.finalized": 170, "halted": 1, ...), most frequent first. */
  async countByAction(): Promise<{ action: string; count: number }[]> {
    const rows = await this.db.q
      .selectFrom('audit_log')
      .select((eb) => ['action', eb.fn.countAll().as('count')])
      .groupBy('action')
      .orderBy('count', 'desc')
      .orderBy('action')
      .execute();
    return rows.map((r) => ({ action: r.action, count: Number(r.count) }));
  }

  async count(): Promise<number> {
    const row = await this.db.q
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Walks the whole chain and names the first entry whose link or content does not hold. */
  async verify(anchor?: AuditAnchor): Promise<AuditVerdict> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    for await (const r of this.rows()) {
      if (r.seq !== expectedSeq)
        return { ok: false, brokenAt: r.seq, reason: `expected entry ${expectedSeq} before entry ${r.seq}: entries are missing` };
      if (r.prev_hash !== prevHash)
        return { ok: false, brokenAt: r.seq, reason: `entry ${r.seq} does not link to the hash of entry ${r.seq - 1}` };
      if (entryHash(r.prev_hash, r) !== r.hash)
        return { ok: false, brokenAt: r.seq, reason: `entry ${r.seq} was altered: its content does not match its hash` };
      if (anchor && r.seq === anchor.seq && r.hash !== anchor.hash)
        return { ok: false, brokenAt: r.seq, reason: `entry ${r.seq} no longer has the anchored hash ${anchor.hash}` };
      prevHash = r.hash;
      expectedSeq += 1;
      count += 1;
    }
    // The chain alone cannot show that its newest entries were cut off; an anchor can.
    if (anchor && anchor.seq > count)
      return {
        ok: false,
        brokenAt: count + 1,
        reason: `entry ${anchor.seq} was anchored but the trail ends at entry ${count}: entries were removed`,
      };
    return { ok: true, count };
  }

  /** One canonical JSON line per entry, oldest first; read page by page so a long trail streams. */
  async *exportLines(): AsyncIterable<string> {
    for await (const r of this.rows()) yield canonicalJson(toEntry(r));
  }

  /**
   * Every row, oldest first, read a page at a time by seq (a keyset, so each page is one index
   * range however long the trail). Rows are only ever appended, so the pages add up to the
   * trail as it was when the walk began, plus whatever was appended meanwhile.
   */
  private async *rows(): AsyncIterable<Row> {
    let after = 0;
    for (;;) {
      const page = await this.db.q.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(WALK_PAGE).execute();
      for (const r of page) yield asRow(r);
      if (page.length < WALK_PAGE) return;
      after = Number(page[page.length - 1]!.seq);
    }
  }
}
