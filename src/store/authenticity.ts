import type { AuthenticityStatus } from '../domain/authenticity';
import type { Selectable } from 'kysely';
import type { Db } from './db';
import { StoreError } from './problem';
import type { Schema } from './schema';

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

type Raw = Selectable<Schema['authenticity']>;

const toRow = (r: Raw): AuthenticityRow => ({
  proposalId: r.proposal_id,
  status: r.status as AuthenticityStatus,
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
    const r = await this.db.q.selectFrom('authenticity').selectAll().where('proposal_id', '=', proposalId).executeTakeFirst();
    return r && toRow(r);
  }

  /** Records an attempt; returns the row as stored (unchanged when already final). */
  async record(proposalId: string, c: AuthenticityCheck, now: Date): Promise<AuthenticityRow> {
    const at = now.toISOString();
    await this.db.q
      .insertInto('authenticity')
      .values({
        proposal_id: proposalId,
        status: c.status,
        cid: c.cid,
        signer: c.signer ?? null,
        fields: c.fields?.join(',') || null,
        detail: c.detail,
        first_checked: at,
        last_checked: at,
        verified_at: c.status === 'verified' ? at : null,
      })
      .onConflict((oc) =>
        oc
          .column('proposal_id')
          .doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            cid: eb.ref('excluded.cid'),
            signer: eb.ref('excluded.signer'),
            fields: eb.ref('excluded.fields'),
            detail: eb.ref('excluded.detail'),
            attempts: eb('authenticity.attempts', '+', 1),
            last_checked: eb.ref('excluded.last_checked'),
            verified_at: eb.ref('excluded.verified_at'),
          }))
          .where('authenticity.status', '=', 'pending'),
      )
      .execute();
    const row = await this.get(proposalId);
    if (!row) throw new StoreError(`authenticity of ${proposalId} was recorded but cannot be read back`);
    return row;
  }

  /** Marks a pending check as looked at without an attempt, so it goes to the back of the queue. */
  async touch(proposalId: string, now: Date): Promise<void> {
    await this.db.q
      .updateTable('authenticity')
      .set({ last_checked: now.toISOString() })
      .where('proposal_id', '=', proposalId)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Pending checks last tried before `before`, least recently tried first, at most `limit`. */
  async pending(limit: number, before: Date): Promise<AuthenticityRow[]> {
    const rows = await this.db.q
      .selectFrom('authenticity')
      .selectAll()
      .where('status', '=', 'pending')
      .where('last_checked', '<', before.toISOString())
      .orderBy('last_checked')
      .orderBy('proposal_id')
      .limit(limit)
      .execute();
    return rows.map(toRow);
  }
}
