/**
 * The readiness probe's own table: `/ready` and the job guard write a row here and read it back,
 * so "the store is ready" means a write reached the file, not that SELECT 1 answered.
 */
export default `
CREATE TABLE health_probe (
  id    INTEGER PRIMARY KEY,
  token TEXT NOT NULL,
  at    TEXT NOT NULL,
  pad   BLOB
);
`;
