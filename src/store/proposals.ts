import { proposalRecordSchema, type ProposalRecord } from '../domain/proposal';
import type { Cursor, Disagreement, Reject } from '../sources/types';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';

export type ProposalStatus = 'new' | 'final-pending' | 'held' | 'done';

export interface StoredProposal {
  record: ProposalRecord;
  status: ProposalStatus;
  origin: string;
  firstSeen: string;
  executable: boolean | null;
  reasons: string[] | null;
}

export interface QuarantineRow {
  source: string;
  proposalId: string | null;
  raw: string;
  reason: string;
  times: number;
  resolved: boolean;
}

/** What one page changed in the store. */
export interface IngestCounts {
  added: number;
  finalised: number;
  duplicates: number;
  pending: number;
  held: number;
  quarantined: number;
}

const isFinal = (r: ProposalRecord): boolean => r.state === 'closed' && r.scoresState === 'final';

interface Row {
  record_json: string;
  status: ProposalStatus;
  origin: string;
  first_seen: string;
  executable: number | null;
  reasons_json: string | null;
}

/** Every SQL statement about proposals seen, the cursor, quarantine and disagreements. */
export class ProposalStore {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  /** Statements are prepared once per store: a 10,000-proposal ingest runs each thousands of times. */
  private sql(text: string): Statement {
    let s = this.statements.get(text);
    if (!s) this.statements.set(text, (s = this.db.prepare(text)));
    return s;
  }

  async cursor(space: string): Promise<Cursor> {
    const row = this.sql('SELECT end_at, ids_json FROM source_cursors WHERE space = ?').get(space) as
      { end_at: number; ids_json: string } | undefined;
    return row ? { end: row.end_at, ids: JSON.parse(row.ids_json) as string[] } : { end: 0, ids: [] };
  }

  async get(id: string): Promise<StoredProposal | undefined> {
    const row = this.sql('SELECT record_json, status, origin, first_seen, executable, reasons_json FROM proposals WHERE id = ?').get(id) as
      Row | undefined;
    return row && toStored(row);
  }

  /** Stores one page and the cursor after it in one transaction: a crash keeps both or neither. */
  async ingest(
    space: string,
    page: { records: ProposalRecord[]; rejects: Reject[]; held: Disagreement[] },
    cursor: Cursor | null,
    now: Date,
  ): Promise<IngestCounts> {
    const at = now.toISOString();
    const counts: IngestCounts = { added: 0, finalised: 0, duplicates: 0, pending: 0, held: 0, quarantined: 0 };
    this.db.transaction(() => {
      for (const record of page.records) this.upsert(space, record, at, counts);
      for (const d of page.held) this.hold(space, d, at, counts);
      for (const reject of page.rejects) this.quarantine(space, reject, at, counts);
      if (cursor) this.setCursor(space, cursor, at);
    })();
    return counts;
  }

  /** Final records not yet handed on, oldest end first. */
  async toProcess(space: string): Promise<ProposalRecord[]> {
    const rows = this.sql("SELECT record_json FROM proposals WHERE space = ? AND status = 'new' ORDER BY end_at, id").all(space) as {
      record_json: string;
    }[];
    return rows.map((r) => proposalRecordSchema.parse(JSON.parse(r.record_json)));
  }

  async markDone(id: string, verdict: { executable: boolean | null; reasons: string[] }, now: Date): Promise<void> {
    this.sql(
      "UPDATE proposals SET status = 'done', executable = ?, reasons_json = ?, processed_at = ?, updated_at = ? WHERE id = ? AND status = 'new'",
    ).run(
      verdict.executable === null ? null : Number(verdict.executable),
      JSON.stringify(verdict.reasons),
      now.toISOString(),
      now.toISOString(),
      id,
    );
  }

  /**
   * Ids to ask the source about again: closed but not final, or quarantined within the last
   * `quarantineWindowMs` and not since resolved. The window bounds what a record that never
   * heals costs: after it, idle cycles are back to one request.
   */
  async recheckIds(space: string, now: Date, quarantineWindowMs = 24 * 3600_000): Promise<string[]> {
    const since = new Date(now.getTime() - quarantineWindowMs).toISOString();
    const rows = this.sql(
      `SELECT id FROM proposals WHERE space = ? AND status = 'final-pending'
       UNION SELECT proposal_id FROM quarantine WHERE space = ? AND resolved_at IS NULL AND proposal_id IS NOT NULL
         AND first_seen >= ? AND proposal_id NOT IN (SELECT id FROM proposals)`,
    ).all(space, space, since) as { id: string }[];
    return rows.map((r) => r.id).sort();
  }

  async quarantined(space: string): Promise<QuarantineRow[]> {
    const rows = this.sql('SELECT source, proposal_id, raw, reason, times, resolved_at FROM quarantine WHERE space = ? ORDER BY id').all(
      space,
    ) as { source: string; proposal_id: string | null; raw: string; reason: string; times: number; resolved_at: string | null }[];
    return rows.map((r) => ({
      source: r.source,
      proposalId: r.proposal_id,
      raw: r.raw,
      reason: r.reason,
      times: r.times,
      resolved: r.resolved_at !== null,
    }));
  }

  async disagreements(id: string): Promise<{ fields: string[]; other: ProposalRecord }[]> {
    const rows = this.sql('SELECT fields, other_json FROM source_disagreements WHERE proposal_id = ? ORDER BY id').all(id) as {
      fields: string;
      other_json: string;
    }[];
    return rows.map((r) => ({ fields: r.fields.split(','), other: proposalRecordSchema.parse(JSON.parse(r.other_json)) }));
  }

  async countByStatus(space: string): Promise<Record<ProposalStatus, number>> {
    const out: Record<ProposalStatus, number> = { new: 0, 'final-pending': 0, held: 0, done: 0 };
    const rows = this.sql('SELECT status, COUNT(*) AS n FROM proposals WHERE space = ? GROUP BY status').all(space) as {
      status: ProposalStatus;
      n: number;
    }[];
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  private upsert(space: string, record: ProposalRecord, at: string, counts: IngestCounts): void {
    const existing = this.sql('SELECT status FROM proposals WHERE id = ?').get(record.id) as { status: ProposalStatus } | undefined;
    const status: ProposalStatus = isFinal(record) ? 'new' : 'final-pending';
    this.sql('UPDATE quarantine SET resolved_at = ? WHERE space = ? AND resolved_at IS NULL AND proposal_id = ?').run(at, space, record.id);
    if (!existing) {
      this.sql(
        'INSERT INTO proposals (id, space, origin, status, end_at, record_json, first_seen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(record.id, space, record.origin, status, record.end, JSON.stringify(record), at, at);
      counts.added += 1;
      if (status === 'final-pending') counts.pending += 1;
    } else if (existing.status === 'final-pending') {
      this.sql('UPDATE proposals SET origin = ?, status = ?, end_at = ?, record_json = ?, updated_at = ? WHERE id = ?').run(
        record.origin,
        status,
        record.end,
        JSON.stringify(record),
        at,
        record.id,
      );
      if (status === 'new') counts.finalised += 1;
      else counts.pending += 1;
    } else {
      counts.duplicates += 1;
    }
  }

  private hold(space: string, d: Disagreement, at: string, counts: IngestCounts): void {
    this.sql('INSERT INTO source_disagreements (proposal_id, fields, record_json, other_json, seen_at) VALUES (?, ?, ?, ?, ?)').run(
      d.record.id,
      d.fields.join(','),
      JSON.stringify(d.record),
      JSON.stringify(d.other),
      at,
    );
    const existing = this.sql('SELECT status FROM proposals WHERE id = ?').get(d.record.id) as { status: ProposalStatus } | undefined;
    if (existing?.status === 'done') return;
    this.sql(
      `INSERT INTO proposals (id, space, origin, status, end_at, record_json, first_seen, updated_at) VALUES (?, ?, ?, 'held', ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET status = 'held', record_json = excluded.record_json, updated_at = excluded.updated_at`,
    ).run(d.record.id, space, d.record.origin, d.record.end, JSON.stringify(d.record), at, at);
    counts.held += 1;
  }

  private quarantine(space: string, r: Reject, at: string, counts: IngestCounts): void {
    const open = this.sql(
      'SELECT id FROM quarantine WHERE space = ? AND source = ? AND proposal_id IS ? AND reason = ? AND resolved_at IS NULL',
    ).get(space, r.source, r.proposalId, r.reason) as { id: number } | undefined;
    if (open) {
      this.sql('UPDATE quarantine SET last_seen = ?, times = times + 1, raw = ? WHERE id = ?').run(at, r.raw, open.id);
      return;
    }
    this.sql('INSERT INTO quarantine (space, source, proposal_id, raw, reason, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      space,
      r.source,
      r.proposalId,
      r.raw,
      r.reason,
      at,
      at,
    );
    counts.quarantined += 1;
  }

  private setCursor(space: string, cursor: Cursor, at: string): void {
    this.sql(
      `INSERT INTO source_cursors (space, end_at, ids_json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(space) DO UPDATE SET end_at = excluded.end_at, ids_json = excluded.ids_json, updated_at = excluded.updated_at`,
    ).run(space, cursor.end, JSON.stringify([...cursor.ids].sort()), at);
  }
}

function toStored(row: Row): StoredProposal {
  return {
    record: proposalRecordSchema.parse(JSON.parse(row.record_json)),
    status: row.status,
    origin: row.origin,
    firstSeen: row.first_seen,
    executable: row.executable === null ? null : row.executable === 1,
    reasons: row.reasons_json === null ? null : (JSON.parse(row.reasons_json) as string[]),
  };
}
