/**
 * What the governance sources have seen: every proposal record (validated JSON, first seen,
 * origin, status), the walk's cursor per space, quarantined items and source disagreements.
 */
export default `
CREATE TABLE proposals (
  id           TEXT PRIMARY KEY,
  space        TEXT NOT NULL,
  origin       TEXT NOT NULL,
  -- new: final, not yet handed on; final-pending: closed, scores not final, re-checked later;
  -- held: sources disagree, waiting for ops; done: handed on exactly once.
  status       TEXT NOT NULL CHECK (status IN ('new', 'final-pending', 'held', 'done')),
  end_at       INTEGER NOT NULL,
  record_json  TEXT NOT NULL,
  first_seen   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  executable   INTEGER,
  reasons_json TEXT,
  processed_at TEXT
);
CREATE INDEX proposals_space_status ON proposals(space, status, end_at);

CREATE TABLE source_cursors (
  space      TEXT PRIMARY KEY,
  end_at     INTEGER NOT NULL,
  ids_json   TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE quarantine (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  space       TEXT NOT NULL,
  source      TEXT NOT NULL,
  proposal_id TEXT,
  raw         TEXT NOT NULL,
  reason      TEXT NOT NULL,
  first_seen  TEXT NOT NULL,
  last_seen   TEXT NOT NULL,
  times       INTEGER NOT NULL DEFAULT 1,
  resolved_at TEXT
);
CREATE INDEX quarantine_open ON quarantine(space, resolved_at, proposal_id);

CREATE TABLE source_disagreements (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  proposal_id TEXT NOT NULL,
  fields      TEXT NOT NULL,
  record_json TEXT NOT NULL,
  other_json  TEXT NOT NULL,
  seen_at     TEXT NOT NULL
);
CREATE INDEX source_disagreements_proposal ON source_disagreements(proposal_id);
`;
