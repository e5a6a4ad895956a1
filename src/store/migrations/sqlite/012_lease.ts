/**
 * Exactly one executor. `leases` holds the executor lease: who holds it, until when,
 * and a fencing token that grows by one on every acquisition. Every ledger write carries the
 * token of the lease its writer holds, and triggers refuse a write whose token is not the
 * current one: a former leader that was paused past its lease and resumes cannot write, whatever
 * it believes. The check lives in the database, not in the process, so it holds for any writer
 * (a PostgreSQL backend mirrors it with the same trigger logic). Before any lease was ever taken
 * (tests, `govbridge simulate`) writes without a token pass.
 *
 * The partial unique indexes make a second live submission of one tranche (or of phase 1)
 * impossible, even from a buggy writer: among rows that landed or may still land, a
 * (plan, netuid, tranche index) appears once.
 *
 * `dry_run_world` keeps the simulated chain (balances, stakes, pools, nonces, blocks, market
 * streams) so a restarted or taken-over demo continues the same world; it is fenced like the ledger.
 */
const fenced = (table: string, op: 'INSERT' | 'UPDATE'): string => `
CREATE TRIGGER ${table}_fence_${op.toLowerCase()} BEFORE ${op} ON ${table}
WHEN EXISTS (SELECT 1 FROM leases WHERE name = 'executor')
  AND NEW.fence_token IS NOT (SELECT token FROM leases WHERE name = 'executor')
BEGIN SELECT RAISE(ABORT, 'fenced: this writer does not hold the current executor lease'); END;`;

export default `
CREATE TABLE leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  token      INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,        -- Unix ms, wall clock
  acquired_at INTEGER NOT NULL
);

ALTER TABLE ledger ADD COLUMN fence_token INTEGER;
${fenced('ledger', 'INSERT')}
${fenced('ledger', 'UPDATE')}

CREATE UNIQUE INDEX ledger_one_live_tranche ON ledger (plan_id, netuid, tranche_index)
  WHERE kind = 'tranche' AND status IN ('submitting', 'in-block', 'finalized');
CREATE UNIQUE INDEX ledger_one_live_phase1 ON ledger (plan_id)
  WHERE kind = 'phase1' AND status IN ('submitting', 'in-block', 'finalized');

CREATE TABLE dry_run_world (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  state_json  TEXT NOT NULL,
  fence_token INTEGER,
  updated_at  TEXT NOT NULL
);
${fenced('dry_run_world', 'INSERT')}
${fenced('dry_run_world', 'UPDATE')}
`;
