import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { Sql } from './schema';
import type { Migration } from './migrations/migration';
import { migrations as sqliteMigrations } from './migrations/sqlite';
import { migrations as postgresMigrations } from './migrations/postgres';
import { StoreError } from './problem';

export type { Migration } from './migrations/migration';

/**
 * Applies pending SQLite migrations, each in its own IMMEDIATE transaction: of two processes
 * starting together, the second waits for the write lock, then finds the migration applied by
 * the first and skips it. Returns the versions this call applied.
 */
export function migrateSqlite(db: Database.Database, list: Migration[] = sqliteMigrations): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = (): Set<number> =>
    new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const applied: number[] = [];
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (done().has(m.version)) continue;
    try {
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

/** The advisory lock PostgreSQL migrators take, so two processes starting together migrate once. */
const MIGRATION_LOCK = 740_012_000;

/** Applies pending PostgreSQL migrations, each in its own transaction under one advisory lock. */
export async function migratePostgres(q: Sql, list: Migration[] = postgresMigrations): Promise<number[]> {
  const applied: number[] = [];
  // Two processes starting on a new database would both create the table: under the lock, one does.
  await q.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`.execute(
      trx,
    );
  });
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    try {
      const ran = await q.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
        const seen = await trx.selectFrom('schema_migrations').select('version').where('version', '=', m.version).executeTakeFirst();
        if (seen) return false;
        await sql.raw(m.sql).execute(trx);
        await trx
          .insertInto('schema_migrations')
          .values({ version: m.version, name: m.name, applied_at: new Date().toISOString() })
          .execute();
        return true;
      });
      if (ran) applied.push(m.version);
    } catch (e) {
      throw new StoreError(
        `migration ${m.version} (${m.name}) failed, nothing of it was applied: ${(e as Error).message}${hintFor(m.version, e)}`,
      );
    }
  }
  return applied;
}

/**
 * What an operator can do about a failed migration. Migration 12 adds the index that allows one
 * live row per tranche; a store written before it may already hold a double submission, which
 * only a person can settle (which row did the chain take?), so the store refuses to open.
 */
function hintFor(version: number, e: unknown): string {
  if (version !== 12 || !/UNIQUE|duplicate key/i.test((e as Error).message)) return '';
  return (
    '. The ledger holds two live rows (submitting, in-block or finalized) for one tranche or phase 1, written before the store could ' +
    "forbid it. Find them with SELECT plan_id, netuid, tranche_index, count(*) FROM ledger WHERE status IN ('submitting','in-block','finalized') " +
    'GROUP BY 1, 2, 3 HAVING count(*) > 1, compare each with the chain, mark the one the chain did not take as failed, then start again'
  );
}
