import type { AuthenticityStatus } from '../domain/authenticity';
import type { Db } from './db';

/** One proposal's authenticity as last checked. */
export interface AuthenticityRow {
  proposalId: string;
  status: AuthenticityStatus;
  cid: string | null;
  signer: string | null;
  fields: string[];
  /** How the bytes were checked (verified) or why not (mismatch, pending). */
  detail: string;
  attempts: number;
  lastChecked: Date;
  verifiedAt: Date | null;
}

/** An attempt's outcome as the verifier reports it. */
export interface AuthenticityCheck {
  status: AuthenticityStatus;
  cid: string | null;
  signer?: string;
  fields?: string[];
  detail: string;
}

interface Raw {
  proposal_id: string;
  status: AuthenticityStatus;
  cid: string | null;
  signer: string | null;
  fields: string | null;
  detail: string;
  attempts: number;
  last_checked: string;
  verified_at: string | null;
}

const toRow = (r: Raw): AuthenticityRow => ({
  proposalId: r.proposal_id,
  status: r.status,
  cid: r.cid,
  signer: r.signer,
  fields: r.fields ? r.fields.split(',') : [],
  detail: r.detail,
  attempts: r.attempts,
  lastChecked: new Date(r.last_checked),
  verifiedAt: r.verified_at ? new Date(r.verified_at) : null,
});

/**
 * The SQL for authenticity checks. A verdict, once verified or mismatch, is final: a later
 * attempt never overwrites it, so a gateway that lies later cannot undo a quarantine or a
 * verification.
 */
export class AuthenticityStore {
  constructor(private readonly db: Db) {}

  async get(proposalId: string): Promise<AuthenticityRow | undefined> {
    const r = this.db.prepare('SELECT * FROM authenticity WHERE proposal_id = ?').get(proposalId) as Raw | undefined;
    return r && toRow(r);
  }

  /** Records an attempt; returns the row as stored (unchanged when already final). */
  async record(proposalId: string, c: AuthenticityCheck, now: Date): Promise<AuthenticityRow> {
    const at = now.toISOString();
    this.db
      .prepare(
        `INSERT INTO authenticity (proposal_id, status, cid, signer, fields, detail, first_checked, last_checked, verified_at)
         VALUES (@id, @status, @cid, @signer, @fields, @detail, @at, @at, @verifiedAt)
         ON CONFLICT(proposal_id) DO UPDATE SET status = excluded.status, cid = excluded.cid, signer = excluded.signer,
           fields = excluded.fields, detail = excluded.detail, attempts = attempts + 1, last_checked = excluded.last_checked,
           verified_at = excluded.verified_at
         WHERE authenticity.status = 'pending'`,
      )
      .run({
        id: proposalId,
        status: c.status,
        cid: c.cid,
        signer: c.signer ?? null,
        fields: c.fields?.join(',') || null,
        detail: c.detail,
        at,
        verifiedAt: c.status === 'verified' ? at : null,
      });
    return this.get(proposalId)!;
  }

  /** Marks a pending check as looked at without an attempt, so it goes to the back of the queue. */
  async touch(proposalId: string, now: Date): Promise<void> {
    this.db
      .prepare("UPDATE authenticity SET last_checked = ? WHERE proposal_id = ? AND status = 'pending'")
      .run(now.toISOString(), proposalId);
  }

  /** Pending checks last tried before `before`, least recently tried first, at most `limit`. */
  async pending(limit: number, before: Date): Promise<AuthenticityRow[]> {
    const rows = this.db
      .prepare("SELECT * FROM authenticity WHERE status = 'pending' AND last_checked < ? ORDER BY last_checked, proposal_id LIMIT ?")
      .all(before.toISOString(), limit) as Raw[];
    return rows.map(toRow);
  }
}
