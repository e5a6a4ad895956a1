/**
 * What can be wrong with the store, as values the jobs, the metrics and /ready share. This file is
 * the store's port: it has no SQLite in it, so the poller and the scheduler may name it without
 * reaching into the store's internals.
 */

/** A store that cannot be opened or trusted, with the cause in words. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** What can be wrong with the store, as a stable label for metrics and logs. */
export type StoreProblem =
  'file-deleted' | 'file-replaced' | 'disk-full' | 'read-only' | 'corrupt' | 'io' | 'busy' | 'closed' | 'probe-mismatch' | 'other';

export interface StoreStatus {
  ok: boolean;
  problem: StoreProblem | null;
  message: string | null;
}

/** The store problem an error is, or null when it is not a store error (a chain or a code error). */
export function storeProblemOf(e: unknown): StoreProblem | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return e instanceof StoreError ? 'other' : null;
  if (code === 'SQLITE_FULL') return 'disk-full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return 'io';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  return 'other';
}
