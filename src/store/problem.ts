/**
 * What can be wrong with the store, as values the jobs, the metrics and /ready share. This file is
 * the store's port: it has no database driver in it, so the poller and the scheduler may name it
 * without reaching into the store's internals.
 */

/** A store that cannot be opened or trusted, with the cause in words. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** What can be wrong with the store, as a stable label for metrics and logs. */
export type StoreProblem =
  | 'file-deleted'
  | 'file-replaced'
  | 'disk-full'
  | 'read-only'
  | 'corrupt'
  | 'io'
  | 'busy'
  | 'closed'
  | 'probe-mismatch'
  /** The PostgreSQL server cannot be reached, refused the connection, or shut it down. */
  | 'unreachable'
  | 'other';

export interface StoreStatus {
  ok: boolean;
  problem: StoreProblem | null;
  message: string | null;
}

/** The store problem an error is, or null when it is not a store error (a chain or a code error). */
export function storeProblemOf(e: unknown): StoreProblem | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return sqliteProblem(code);
  if (typeof code === 'string' && isPostgresError(e, code)) return postgresProblem(code);
  if (isLostConnection(e, code)) return 'unreachable';
  return e instanceof StoreError ? 'other' : null;
}

function sqliteProblem(code: string): StoreProblem {
  if (code === 'SQLITE_FULL') return 'disk-full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return 'io';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  return 'other';
}

/**
 * An error the PostgreSQL server sent: a five-character SQLSTATE with a severity beside it. Both
 * are needed, so that a code of another library (five letters by chance) is not taken for one.
 */
function isPostgresError(e: unknown, code: string): boolean {
  return /^[0-9A-Z]{5}$/.test(code) && typeof (e as { severity?: unknown }).severity === 'string';
}

/** SQLSTATE classes and codes as the same problems SQLite's result codes are. */
function postgresProblem(code: string): StoreProblem {
  if (code === '53100') return 'disk-full';
  // Class 08 is a broken connection; 57P01-57P03 a server shutting down or not yet accepting.
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return 'unreachable';
  // A read-only transaction: a read-only open, or a server that became a standby.
  if (code === '25006') return 'read-only';
  if (code === 'XX001' || code === 'XX002') return 'corrupt';
  if (code.startsWith('58')) return 'io';
  if (code === '40P01' || code === '40001' || code === '55P03' || code === '53300') return 'busy';
  return 'other';
}

/** Socket errors of a connection to the server, as the driver passes them on. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * A connection to the PostgreSQL server that could not be made or broke. The sources turn their
 * network errors into SourceError and the chain's client talks over a WebSocket whose errors carry
 * no socket code, so a bare socket error reaching here is the store's. The driver reports a
 * connection dropped mid-query, and a pool that waited too long for one, without a code.
 */
function isLostConnection(e: unknown, code: unknown): boolean {
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  const message = e instanceof Error ? e.message : '';
  return /^Connection terminated|^timeout exceeded when trying to connect|connection error and is not queryable/.test(message);
}
