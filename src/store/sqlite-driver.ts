import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** A driver error as a plain Error of this module's realm, keeping SQLite's code. */
export class SqliteDriverError extends Error {
  override name = 'SqliteError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const rethrow = (e: unknown): never => {
  const code = (e as { code?: unknown } | null)?.code;
  throw new SqliteDriverError((e as Error | null)?.message ?? String(e), typeof code === 'string' ? code : undefined);
};

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    return rethrow(e);
  }
}

/**
 * The better-sqlite3 handle as Kysely's SQLite driver sees it, with every error rethrown as a
 * SqliteDriverError. The native addon builds its error objects from the constructor registered
 * by the first copy of better-sqlite3 a process loaded; where modules are loaded more than once
 * (each jest test file has its own registry) those objects fail `instanceof Error`, so callers
 * and matchers could not recognise a refusal. The message and the SQLite code are kept as is.
 */
export function kyselySqlite(handle: Database.Database): SqliteDatabase {
  return {
    close: () => handle.close(),
    prepare: (sql: string): SqliteStatement => {
      const stmt = guard(() => handle.prepare(sql));
      return {
        reader: stmt.reader,
        all: (params) => guard(() => stmt.all(...params)),
        run: (params) => guard(() => stmt.run(...params)),
        iterate: (params) => guard(() => stmt.iterate(...params)),
      };
    },
  };
}
