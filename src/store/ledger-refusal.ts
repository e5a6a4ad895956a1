/**
 * The refusals the schema makes of a ledger write, as typed errors. Both databases enforce the
 * same rules (migration 012): partial unique indexes allow one live row per tranche, and a trigger
 * raises a message beginning 'fenced:' when a write's token is not the executor lease's.
 */

/** What the store says when a write breaks the one-live-row rule (migration 012). */
export class DuplicateSubmissionError extends Error {
  override name = 'DuplicateSubmissionError';
}

/** What the store says when a writer without the current executor lease tries to write. */
export class FencedWriteError extends Error {
  override name = 'FencedWriteError';
}

/** SQLite words a broken unique index of the ledger this way. */
const SQLITE_DUPLICATE = /UNIQUE constraint failed: ledger\./;
/** PostgreSQL's SQLSTATE for a unique violation; its error also names the table. */
const PG_UNIQUE_VIOLATION = '23505';

/** Whether a store error is the refusal of a second live row for one tranche, on either database. */
function isDuplicate(e: unknown, message: string): boolean {
  if (SQLITE_DUPLICATE.test(message)) return true;
  const pg = e as { code?: unknown; table?: unknown } | null;
  return pg?.code === PG_UNIQUE_VIOLATION && pg.table === 'ledger';
}

/** Maps a store error to the refusal it is, or null when it is some other error. */
export function refusalOf(e: unknown): DuplicateSubmissionError | FencedWriteError | null {
  const message = (e as Error | null)?.message ?? '';
  if (isDuplicate(e, message)) return new DuplicateSubmissionError(`a live ledger row already exists for this tranche: ${message}`);
  if (message.startsWith('fenced:')) return new FencedWriteError(message);
  return null;
}
