/** PostgreSQL versions of migrations 12, 16 and 17: see ../sqlite/012_lease.ts for the why of fencing. */
export const lease = `
CREATE TABLE leases (
  name        TEXT PRIMARY KEY,
  holder      TEXT NOT NULL,
  token       BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  acquired_at BIGINT NOT NULL
);
ALTER TABLE ledger ADD COLUMN fence_token BIGINT;
CREATE FUNCTION executor_fence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM leases WHERE name = 'executor')
     AND NEW.fence_token IS DISTINCT FROM (SELECT token FROM leases WHERE name = 'executor') THEN
    RAISE EXCEPTION 'fenced: this writer does not hold the current executor lease';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ledger_fence BEFORE INSERT OR UPDATE ON ledger FOR EACH ROW EXECUTE FUNCTION executor_fence();
CREATE UNIQUE INDEX ledger_one_live_tranche ON ledger (plan_id, netuid, tranche_index)
  WHERE kind = 'tranche' AND status IN ('submitting', 'in-block', 'finalized');
CREATE UNIQUE INDEX ledger_one_live_phase1 ON ledger (plan_id)
  WHERE kind = 'phase1' AND status IN ('submitting', 'in-block', 'finalized');
CREATE TABLE dry_run_world (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  state_json  TEXT NOT NULL,
  fence_token BIGINT,
  updated_at  TEXT NOT NULL
);
CREATE TRIGGER dry_run_world_fence BEFORE INSERT OR UPDATE ON dry_run_world FOR EACH ROW EXECUTE FUNCTION executor_fence();
`;

export const authenticity = `
CREATE TABLE authenticity (
  proposal_id   TEXT PRIMARY KEY,
  status        TEXT NOT NULL CHECK (status IN ('verified', 'mismatch', 'pending')),
  cid           TEXT,
  signer        TEXT,
  fields        TEXT,
  detail        TEXT NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 1,
  first_checked TEXT NOT NULL,
  last_checked  TEXT NOT NULL,
  verified_at   TEXT
);
CREATE INDEX authenticity_status ON authenticity(status, last_checked);
`;

/**
 * Migration 17 (see ../sqlite/017_outcome.ts): the same codes from the same reasons. The fencing
 * trigger is disabled for the backfill only, inside the migration's transaction.
 */
export const outcome = `
ALTER TABLE ledger ADD COLUMN outcome_code TEXT;
ALTER TABLE ledger DISABLE TRIGGER ledger_fence;
UPDATE ledger SET outcome_code = 'ledger.refused' WHERE status IN ('failed', 'skipped');
UPDATE ledger SET outcome_code = 'chain.' || substring(reason from '^([A-Za-z][A-Za-z0-9_.]*):')
  WHERE status IN ('failed', 'skipped') AND reason ~ '^[A-Za-z][A-Za-z0-9_.]*:';
UPDATE ledger SET outcome_code = 'chain.' || substring(reason from '^not signed: ([A-Za-z][A-Za-z0-9_.]*):')
  WHERE status IN ('failed', 'skipped') AND reason ~ '^not signed: [A-Za-z][A-Za-z0-9_.]*:';
UPDATE ledger SET outcome_code = 'ledger.not-included' WHERE status IN ('failed', 'skipped') AND substr(reason, 1, 12) = 'NotIncluded:';
ALTER TABLE ledger ENABLE TRIGGER ledger_fence;
`;
