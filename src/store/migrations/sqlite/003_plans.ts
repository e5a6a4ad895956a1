/** Plans and their lifecycle, every proposal's decision, and the ops-halt replay and resume stores. */
export default `
CREATE TABLE plans (
  id            TEXT PRIMARY KEY,          -- the Snapshot id of the proposal that voted it
  space         TEXT NOT NULL,
  title         TEXT NOT NULL,
  state         TEXT NOT NULL,
  plan_json     TEXT NOT NULL,             -- canonical JSON (docs/design.md §3.1)
  cadence       TEXT NOT NULL,
  proposal_end  INTEGER NOT NULL,          -- Unix s: when the vote passed
  accepted_at   TEXT,
  activated_at  TEXT,
  lock_ends_at  TEXT,
  ended_at      TEXT,
  waiting       TEXT,                      -- why an accepted plan has not activated yet
  updated_at    TEXT NOT NULL
);
CREATE INDEX plans_state ON plans(state);

CREATE TABLE decisions (
  proposal_id   TEXT PRIMARY KEY,
  space         TEXT NOT NULL,
  title         TEXT NOT NULL,
  proposal_end  INTEGER NOT NULL,
  kind          TEXT NOT NULL,             -- allocation | emergency | none
  outcome       TEXT NOT NULL,             -- accepted | rejected | blocked | applied | refused
  executable    INTEGER NOT NULL,
  reasons_json  TEXT NOT NULL,
  plan_id       TEXT,
  decided_at    TEXT NOT NULL
);

CREATE TABLE ops_nonces (
  nonce         TEXT PRIMARY KEY,
  public_key    TEXT NOT NULL,
  seen_at       TEXT NOT NULL
);

CREATE TABLE resume_votes (
  plan_id       TEXT NOT NULL,
  public_key    TEXT NOT NULL,
  at            TEXT NOT NULL,
  PRIMARY KEY (plan_id, public_key)
);
`;
