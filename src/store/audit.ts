import { createHash } from 'node:crypto';
import type { Db } from './db';
import { canonicalJson } from './canonical-json';

/** The hash the first entry links to: there is no previous entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  actor: string;
  action: string;
  planId?: string | null;
  proposalId?: string | null;
  reason?: string | null;
  data?: unknown;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  planId: string | null;
  proposalId: string | null;
  reason: string | null;
  /** Parsed from the stored canonical JSON; null when the entry had no data. */
  data: unknown;
  prevHash: string;
  hash: string;
}

export type AuditVerdict = { ok: true; count: number } | { ok: false; brokenAt: number; reason: string };

/** An entry's hash noted earlier outside the file (e.g. posted publicly): `seq:hash`. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

interface Row {
  seq: number;
  at: string;
  actor: string;
  action: string;
  plan_id: string | null;
  proposal_id: string | null;
  reason: string | null;
  data: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * SHA-256 over the canonical JSON of the previous hash and every stored field, in a fixed
 * order. `data` enters as the exact stored text, so any edit to a byte of it shows.
 */
export function entryHash(prevHash: string, r: Omit<Row, 'prev_hash' | 'hash'>): string {
  const body = canonicalJson([prevHash, r.seq, r.at, r.actor, r.action, r.plan_id, r.proposal_id, r.reason, r.data]);
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** Stored data is our own canonical JSON; a tampered, unparseable text is shown as it is. */
function parseData(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function toEntry(r: Row): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    planId: r.plan_id,
    proposalId: r.proposal_id,
    reason: r.reason,
    data: r.data === null ? null : parseData(r.data),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * The append-only, hash-chained audit trail. Appends run in an IMMEDIATE transaction so two
 * processes (the service and a CLI) never fork the chain.
 */
export class AuditLog {
  constructor(private readonly db: Db) {}

  async append(e: AuditInput, now: Date): Promise<AuditEntry> {
    return this.db
      .transaction((): AuditEntry => {
        const last = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
          { seq: number; hash: string } | undefined;
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
        this.db
          .prepare(
            `INSERT INTO audit_log (seq, at, actor, action, plan_id, proposal_id, reason, data, prev_hash, hash)
             VALUES (@seq, @at, @actor, @action, @plan_id, @proposal_id, @reason, @data, @prev_hash, @hash)`,
          )
          .run(row);
        return toEntry(row);
      })
      .immediate();
  }

  /** Entries with seq > cursor (null = from the start), oldest first. */
  async page(cursor: number | null, limit: number, planId?: string): Promise<{ entries: AuditEntry[]; nextCursor: number | null }> {
    const rows = this.db
      .prepare(`SELECT * FROM audit_log WHERE seq > ? AND (? IS NULL OR plan_id = ?) ORDER BY seq LIMIT ?`)
      .all(cursor ?? 0, planId ?? null, planId ?? null, limit + 1) as Row[];
    const more = rows.length > limit;
    const entries = rows.slice(0, limit).map(toEntry);
    return { entries, nextCursor: more && entries.length > 0 ? entries[entries.length - 1]!.seq : null };
  }

  /** The newest entry of one action for a plan (e.g. its last halt), or null. */
  async latest(planId: string, action: string): Promise<AuditEntry | null> {
    const row = this.db
      .prepare('SELECT * FROM audit_log WHERE plan_id = ? AND action = ? ORDER BY seq DESC LIMIT 1')
      .get(planId, action) as Row | undefined;
    return row ? toEntry(row) : null;
  }

  /** The newest entry's seq and hash: what to note elsewhere as an anchor. */
  async head(): Promise<AuditAnchor | null> {
    const row = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditAnchor | undefined;
    return row ?? null;
  }

  /** Entries per action ("ledger.finalized": 170, "halted": 1, ...), most frequent first. */
  async countByAction(): Promise<{ action: string; count: number }[]> {
    return this.db.prepare('SELECT action, COUNT(*) AS count FROM audit_log GROUP BY action ORDER BY count DESC, action').all() as {
      action: string;
      count: number;
    }[];
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
  }

  /** Walks the whole chain and names the first entry whose link or content does not hold. */
  async verify(anchor?: AuditAnchor): Promise<AuditVerdict> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    for (const r of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<Row>) {
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

  /** One canonical JSON line per entry, oldest first; read lazily so a long trail streams. */
  *exportLines(): Iterable<string> {
    for (const r of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<Row>) {
      yield canonicalJson(toEntry(r));
    }
  }
}
