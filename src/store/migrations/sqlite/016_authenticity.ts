/**
 * Whether each proposal record matched the envelope its author signed on IPFS: verified (with
 * the CID, the recovered signer and how the bytes were checked), mismatch (the fields that
 * differ; the proposal is quarantined for good) or pending (not fetched yet; retried each poll).
 */
export default `
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
