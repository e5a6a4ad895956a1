import type { Generated, Kysely } from 'kysely';

/**
 * The tables as the query builder sees them, the same on SQLite and PostgreSQL. Amounts of RAO
 * and alpha are decimal strings in and out (TEXT on SQLite, NUMERIC(39,0) on PostgreSQL: never a
 * float), times are ISO-8601 text, booleans are 0/1 integers, and 64-bit integers (ids, Unix ms)
 * come back as numbers on both.
 */
export interface Schema {
  schema_migrations: { version: number; name: string; applied_at: string };
  kv: { key: string; value: string; updated_at: string };
  proposals: {
    id: string;
    space: string;
    origin: string;
    status: string;
    end_at: number;
    record_json: string;
    first_seen: string;
    updated_at: string;
    executable: number | null;
    reasons_json: string | null;
    processed_at: string | null;
  };
  source_cursors: { space: string; end_at: number; ids_json: string; updated_at: string };
  quarantine: {
    id: Generated<number>;
    space: string;
    source: string;
    proposal_id: string | null;
    raw: string;
    reason: string;
    first_seen: string;
    last_seen: string;
    times: Generated<number>;
    resolved_at: string | null;
  };
  source_disagreements: {
    id: Generated<number>;
    proposal_id: string;
    fields: string;
    record_json: string;
    other_json: string;
    seen_at: string;
  };
  plans: {
    id: string;
    space: string;
    title: string;
    state: string;
    plan_json: string;
    cadence: string;
    proposal_end: number;
    accepted_at: string | null;
    activated_at: string | null;
    lock_ends_at: string | null;
    ended_at: string | null;
    waiting: string | null;
    updated_at: string;
  };
  decisions: {
    proposal_id: string;
    space: string;
    title: string;
    proposal_end: number;
    kind: string;
    outcome: string;
    executable: number;
    reasons_json: string;
    plan_id: string | null;
    decided_at: string;
  };
  ops_nonces: { nonce: string; public_key: string; seen_at: string };
  resume_votes: { plan_id: string; public_key: string; at: string };
  ledger: {
    id: Generated<number>;
    plan_id: string;
    kind: string;
    netuid: number;
    tranche_index: number;
    action: string;
    hotkey: string;
    amount: string;
    price: string | null;
    limit_price: string | null;
    status: string;
    reason: string | null;
    outcome_code: string | null;
    tx_hash: string | null;
    call_hash: string | null;
    signer: string | null;
    nonce: number | null;
    era_block: number | null;
    valid_until: number | null;
    action_index: number | null;
    block_number: number | null;
    block_hash: string | null;
    tao_rao: string | null;
    alpha: string | null;
    fee_rao: string | null;
    tx_fee_rao: string | null;
    created_at: string;
    updated_at: string;
    fence_token: number | null;
  };
  audit_log: {
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
  };
  health_probe: { id: Generated<number>; token: string; at: string; pad: Buffer | null };
  leases: { name: string; holder: string; token: number; expires_at: number; acquired_at: number };
  dry_run_world: { id: number; state_json: string; fence_token: number | null; updated_at: string };
  authenticity: {
    proposal_id: string;
    status: string;
    cid: string | null;
    signer: string | null;
    fields: string | null;
    detail: string;
    attempts: Generated<number>;
    first_checked: string;
    last_checked: string;
    verified_at: string | null;
  };
}

/** Every table, in an order where each comes after what it refers to: export, import and wipe use it. */
export const TABLES = [
  'kv',
  'proposals',
  'source_cursors',
  'quarantine',
  'source_disagreements',
  'plans',
  'decisions',
  'ops_nonces',
  'resume_votes',
  'leases',
  'ledger',
  'audit_log',
  'dry_run_world',
  'authenticity',
] as const satisfies readonly (keyof Schema)[];

/** A query executor over the schema: the pool, or one transaction. */
export type Sql = Kysely<Schema>;
