import fs from 'node:fs';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Pool, types } from 'pg';
import type { Schema } from './schema';
import { migrateSqlite, migratePostgres } from './migrate';
import { kyselySqlite } from './sqlite-driver';
import { StoreError } from './problem';
import { isPostgresUrl, redactUrl } from './url';

export { isPostgresUrl, redactUrl } from './url';

export { StoreError } from './problem';
export type { Schema } from './schema';

export type Dialect = 'sqlite' | 'postgres';
export type { Sql } from './schema';
import type { Sql } from './schema';

/**
 * One store, SQLite or PostgreSQL, behind the query builder. Stores take their query executor
 * from `q`: inside `tx` it is that transaction's (found through AsyncLocalStorage, so a store
 * method called from anywhere in the transaction's async call tree joins it), elsewhere the
 * pool. Every write transaction is exclusive: SQLite's BEGIN IMMEDIATE, and on PostgreSQL a
 * transaction-scoped advisory lock, so both backends serialise writers the same way and a
 * read-then-write (the audit chain's head, the lease) never races another process.
 */
export interface Db {
  readonly dialect: Dialect;
  /** The SQLite file (or ':memory:'), or the PostgreSQL URL without its password. */
  readonly location: string;
  /** The SQLite file, null on PostgreSQL: what the file-identity check of the health probe watches. */
  readonly file: string | null;
  /** The underlying SQLite handle, null on PostgreSQL. */
  readonly sqlite: Database.Database | null;
  readonly q: Sql;
  readonly open: boolean;
  tx<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The advisory lock every PostgreSQL write transaction holds (an arbitrary, fixed key). */
const WRITE_LOCK = 740_012_001;

export interface OpenOptions {
  /** Read-only inspection: no directory made, no migration, writes refused (`ledger`, `audit`). */
  readonly?: boolean;
  /** Apply pending migrations (default true unless read-only). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 5). */
  poolSize?: number;
}

/** Opens the store at `target`: a SQLite file path (or ':memory:') or a postgres:// URL. */
export async function openDb(target: string, options: OpenOptions = {}): Promise<Db> {
  const shareable = !isPostgresUrl(target) && !options.readonly && target !== ':memory:';
  if (shareable) {
    const shared = openFiles.get(path.resolve(target));
    if (shared) return shared.handle();
  }
  const db = isPostgresUrl(target) ? await openPostgres(target, options) : openSqlite(target, options);
  if (options.migrate ?? !options.readonly) {
    try {
      if (db.sqlite) migrateSqlite(db.sqlite);
      else await migratePostgres(db.q);
    } catch (e) {
      await db.close();
      throw e;
    }
  }
  if (!shareable) return db;
  const shared = new SharedFile(path.resolve(target), db);
  openFiles.set(shared.key, shared);
  return shared.handle();
}

/**
 * One SQLite connection per file per process. better-sqlite3 waits for a lock synchronously: a
 * second connection in the same process that asked for the write lock while the first held it
 * between two awaits of a transaction would block the only thread, and the first could never
 * commit. Handles opened on the same file therefore share one connection (and its transaction
 * queue); the connection closes with the last handle.
 */
const openFiles = new Map<string, SharedFile>();

class SharedFile {
  private refs = 0;

  constructor(
    readonly key: string,
    private readonly db: Db,
  ) {}

  handle(): Db {
    this.refs++;
    let closed = false;
    const { db } = this;
    const release = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      if (--this.refs > 0) return;
      openFiles.delete(this.key);
      await db.close();
    };
    return {
      dialect: db.dialect,
      location: db.location,
      file: db.file,
      sqlite: db.sqlite,
      get q() {
        return db.q;
      },
      get open() {
        return !closed && db.open;
      },
      tx: (fn) => db.tx(fn),
      close: release,
    };
  }
}

/** The transaction a call tree runs in; `done` once it committed or rolled back. */
interface Scope {
  sql: Sql;
  done: boolean;
}

class KyselyDb implements Db {
  private readonly current = new AsyncLocalStorage<Scope>();
  private closed = false;

  constructor(
    readonly dialect: Dialect,
    readonly location: string,
    readonly file: string | null,
    readonly sqlite: Database.Database | null,
    private readonly root: Sql,
  ) {}

  get q(): Sql {
    // A timer or promise started inside a transaction keeps its async context after the
    // transaction ended: from then on it must use the pool, never the finished transaction.
    const scope = this.current.getStore();
    return scope && !scope.done ? scope.sql : this.root;
  }

  /** Runs fn with `q` bound to the transaction `sql` until fn settles. */
  private async within<T>(sql: Sql, fn: () => Promise<T>): Promise<T> {
    const scope: Scope = { sql, done: false };
    try {
      return await this.current.run(scope, fn);
    } finally {
      scope.done = true;
    }
  }

  get open(): boolean {
    return !this.closed && (this.sqlite ? this.sqlite.open : true);
  }

  async tx<T>(fn: () => Promise<T>): Promise<T> {
    // A transaction inside a transaction joins it: its writes land or roll back together.
    const scope = this.current.getStore();
    if (scope && !scope.done) return fn();
    if (this.dialect === 'postgres') {
      return this.root.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`.execute(trx);
        return this.within(trx, fn);
      });
    }
    // One SQLite connection: the driver's mutex keeps every other query out until COMMIT.
    return this.root.connection().execute(async (conn) => {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const out = await this.within(conn, fn);
        await sql`COMMIT`.execute(conn);
        return out;
      } catch (e) {
        await sql`ROLLBACK`.execute(conn).catch(() => undefined);
        throw e;
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.root.destroy();
    // Kysely closes the SQLite handle only once a query has run through it: a store opened and
    // closed without one (migrated, then given up because the port was taken) must close too.
    if (this.sqlite?.open) this.sqlite.close();
  }
}

function openSqlite(file: string, options: OpenOptions): Db {
  if (options.readonly) {
    const handle = openSqliteReadOnly(file);
    return new KyselyDb(
      'sqlite',
      file,
      file,
      handle,
      new Kysely<Schema>({ dialect: new SqliteDialect({ database: kyselySqlite(handle) }) }),
    );
  }
  if (file !== ':memory:') {
    const dir = path.dirname(file);
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (e) {
      throw new StoreError(`data directory ${dir} is not writable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  let handle: Database.Database;
  try {
    // The busy timeout comes first: switching to WAL and migrating both need the write lock,
    // which a second process starting on the same data dir may hold at that very moment.
    handle = new Database(file, { timeout: 5000 });
    handle.pragma('journal_mode = WAL');
    handle.pragma('foreign_keys = ON');
  } catch (e) {
    throw new StoreError(`cannot open SQLite file ${file}: ${(e as Error).message}`);
  }
  return new KyselyDb('sqlite', file, file, handle, new Kysely<Schema>({ dialect: new SqliteDialect({ database: kyselySqlite(handle) }) }));
}

/** 64-bit integers (ids, Unix ms, counts) as numbers: every one the store keeps is below 2^53. */
const int8AsNumber = (text: string): number => Number(text);

async function openPostgres(url: string, options: OpenOptions): Promise<Db> {
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 5,
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: string): unknown =>
        oid === 20 ? int8AsNumber : (types.getTypeParser(oid, format as 'text') as unknown)) as typeof types.getTypeParser,
    },
    ...(options.readonly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // A connection's error (the server restarted, the network dropped it) must not crash the
  // process, idle or checked out: the query in flight, or the next one, reports it as a store error.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const q = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`SELECT 1`.execute(q);
  } catch (e) {
    await q.destroy();
    throw new StoreError(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(e as Error).message}`);
  }
  return new KyselyDb('postgres', redactUrl(url), null, null, q);
}

/** Byte offsets of the SQLite header's file-format versions: 2 means WAL, 1 rollback journal. */
const WRITE_VERSION = 18;
const READ_VERSION = 19;

const codeOf = (e: unknown): string => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

/**
 * Opens an existing SQLite store to read it: no directory is created, no migration runs, the
 * journal mode is left alone, and SQLite refuses every write. It works on a data dir the caller
 * may not write to. A WAL-mode file needs its -shm/-wal companions to be read in place; when they
 * are absent and cannot be created (a read-only directory), no writer can have the file open, so
 * the file alone is the whole store, and it is read from a copy in memory instead.
 */
function openSqliteReadOnly(file: string): Database.Database {
  if (!fs.existsSync(file))
    throw new StoreError(`no store at ${file}: nothing has been recorded there (is dataDir, GOVBRIDGE_DATA_DIR, the right one?)`);
  let handle: Database.Database | undefined;
  try {
    handle = new Database(file, { readonly: true, fileMustExist: true });
    // Opening is lazy: the first read is where a WAL file that cannot be shared shows.
    handle.prepare('SELECT COUNT(*) FROM schema_migrations').get();
    return handle;
  } catch (e) {
    handle?.close();
    const inPlaceImpossible = ['SQLITE_READONLY_DIRECTORY', 'SQLITE_CANTOPEN', 'SQLITE_READONLY_CANTINIT'].includes(codeOf(e));
    if (!inPlaceImpossible || fs.existsSync(`${file}-wal`)) throw new StoreError(`cannot read the store ${file}: ${(e as Error).message}`);
  }
  try {
    const image = fs.readFileSync(file);
    image[WRITE_VERSION] = 1;
    image[READ_VERSION] = 1;
    return new Database(image, { readonly: true });
  } catch (e) {
    throw new StoreError(`cannot read the store ${file}: ${(e as Error).message}`);
  }
}

export async function schemaVersion(db: Db): Promise<number> {
  const row = await db.q
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}
