/** Key-value settings that outlive a restart (cursors, last run times). */
export default `
CREATE TABLE kv (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;
