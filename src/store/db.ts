import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations';
import { StoreError } from './problem';

export { StoreError } from './problem';
export type Db = Database.Database;

/**
 * Opens (creating if needed) the SQLite file, switches to WAL so readers never block the
 * executor's writes, and applies pending migrations. Throws StoreError with the cause in words.
 */
export function openDb(file: string, list = migrations): Db {
  if (file !== ':memory:') {
    const dir = path.dirname(file);
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (e) {
      throw new StoreError(`data directory ${dir} is not writable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  let db: Db;
  try {
    // The busy timeout comes first: switching to WAL and migrating both need the write lock,
    // which a second process starting on the same data dir may hold at that very moment.
    db = new Database(file, { timeout: 5000 });
  } catch (e) {
    throw new StoreError(`cannot open SQLite file ${file}: ${(e as Error).message}`);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db, list);
  return db;
}

export function migrate(db: Db, list = migrations): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = (): Set<number> =>
    new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const applied: number[] = [];
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (done().has(m.version)) continue;
    try {
      // IMMEDIATE takes the write lock before looking again: of two processes starting together,
      // the second waits, then finds the migration applied by the first and skips it.
      let ran = true;
      db.transaction(() => {
        if (done().has(m.version)) {
          ran = false;
          return;
        }
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          m.version,
          m.name,
          new Date().toISOString(),
        );
      }).immediate();
      if (!ran) continue;
    } catch (e) {
      throw new StoreError(
        `migration ${m.version} (${m.name}) failed, nothing of it was applied: ${(e as Error).message}${hintFor(m.version, e)}`,
      );
    }
    applied.push(m.version);
  }
  return applied;
}

/**
 * What an operator can do about a failed migration. Migration 12 adds the index that allows one
 * live row per tranche; a store written before it may already hold a double submission, which
 * only a person can settle (which row did the chain take?), so the store refuses to open.
 */
function hintFor(version: number, e: unknown): string {
  if (version !== 12 || !/UNIQUE/.test((e as Error).message)) return '';
  return (
    '. The ledger holds two live rows (submitting, in-block or finalized) for one tranche or phase 1, written before the store could ' +
    "forbid it. Find them with SELECT plan_id, netuid, tranche_index, count(*) FROM ledger WHERE status IN ('submitting','in-block','finalized') " +
    'GROUP BY 1, 2, 3 HAVING count(*) > 1, compare each with the chain, mark the one the chain did not take as failed, then start again'
  );
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}
