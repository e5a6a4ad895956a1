/**
 * The audit trail: one row per decision or action, chained by SHA-256 (each row carries the
 * hash of the previous one). Triggers refuse UPDATE and DELETE so the service itself can only
 * append; tampering with the file by other means is caught by `govbridge audit verify`.
 */
export default `
CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  plan_id     TEXT,
  proposal_id TEXT,
  reason      TEXT,
  data        TEXT,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_plan ON audit_log (plan_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be updated'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted'); END;
`;
