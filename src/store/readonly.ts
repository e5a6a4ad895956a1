import fs from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError, type Db } from './db';

/** Byte offsets of the SQLite header's file-format versions: 2 means WAL, 1 rollback journal. */
const WRITE_VERSION = 18;
const READ_VERSION = 19;

const codeOf = (e: unknown): string => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

/**
 * Opens an existing store to read it, for inspection commands (`ledger`, `status`, `report`,
 * `audit verify|export`): no directory is created, no migration runs, the journal mode is left
 * alone, and SQLite refuses every write. It works on a data dir the caller may not write to. A
 * WAL-mode file needs its -shm/-wal companions to be read in place; when they are absent and
 * cannot be created (a read-only directory), no writer can have the file open, so the file alone
 * is the whole store, and it is read from a copy in memory instead.
 */
export function openDbReadOnly(file: string): Db {
  if (!fs.existsSync(file))
    throw new StoreError(`no store at ${file}: nothing has been recorded there (is dataDir, GOVBRIDGE_DATA_DIR, the right one?)`);
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    // Opening is lazy: the first read is where a WAL file that cannot be shared shows.
    db.prepare('SELECT COUNT(*) FROM schema_migrations').get();
    return db;
  } catch (e) {
    db?.close();
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
