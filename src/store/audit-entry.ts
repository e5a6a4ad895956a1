import type { Selectable } from 'kysely';
import type { Schema } from './schema';
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * The shape of one audit entry and its hash, apart from the store that keeps the trail, so the
 * hash can be recomputed by anyone holding the rows (an export, a copy of the table).
 */

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

/** A stored audit row, as the schema declares it. */
export type Row = Selectable<Schema['audit_log']>;

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

/** A stored row with its seq as a number on both databases, as the hash takes it. */
export function asRow(r: Row): Row {
  return { ...r, seq: Number(r.seq) };
}

export function toEntry(r: Row): AuditEntry {
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
