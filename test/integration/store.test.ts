import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { openDb, schemaVersion, StoreError, type Db } from '../../src/store/db';
import { migrateSqlite, type Migration } from '../../src/store/migrate';
import { migrations } from '../../src/store/migrations/sqlite';
import { KvStore } from '../../src/store/kv';
import { tempDir } from '../helpers/tmp';

/** Opens a SQLite store migrated with `list` instead of the released migrations. */
async function openWith(file: string, list: Migration[]): Promise<Db> {
  const db = await openDb(file, { migrate: false });
  migrateSqlite(db.sqlite!, list);
  return db;
}

describe('SQLite store', () => {
  const dir = tempDir();

  it('applies migrations, uses WAL, and keeps data across reopen', async () => {
    const file = path.join(dir, 'a', 'govbridge.sqlite');
    const db = await openDb(file);
    expect(db.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(await schemaVersion(db)).toBe(Math.max(...migrations.map((m) => m.version)));
    await new KvStore(db).set('cursor', '42', new Date('2025-01-01T00:00:00Z'));
    await db.close();

    const again = await openDb(file);
    expect(await new KvStore(again).get('cursor')).toBe('42');
    const applied = again.sqlite!.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number };
    expect(applied.n).toBe(migrations.length);
    await again.close();
  });

  it('applies a new migration once on an existing file', async () => {
    const file = path.join(dir, 'b.sqlite');
    await (await openDb(file)).close();
    const extra = [...migrations, { version: 999, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER);' }];
    const db = await openWith(file, extra);
    expect(await schemaVersion(db)).toBe(999);
    await db.close();
    await expect(openWith(file, extra).then((d) => d.close())).resolves.toBeUndefined();
  });

  it('names an unwritable data directory', async () => {
    const ro = path.join(dir, 'ro');
    fs.mkdirSync(ro);
    fs.writeFileSync(path.join(ro, 'file'), '');
    // A path under a regular file can never be created, even as root.
    await expect(openDb(path.join(ro, 'file', 'db.sqlite'))).rejects.toThrow(StoreError);
    await expect(openDb(path.join(ro, 'file', 'db.sqlite'))).rejects.toThrow(/data directory .* is not writable/);
  });
});

describe('a store written before the one-live-tranche index', () => {
  const dir = tempDir();
  it('refuses to open when it already holds a double submission, naming the migration and how to find the rows', async () => {
    const file = path.join(dir, 'old.sqlite');
    const old = await openWith(
      file,
      migrations.filter((m) => m.version < 12),
    );
    const row = { plan: 'p', kind: 'tranche', netuid: 51, idx: 2 };
    const insert = old.sqlite!.prepare(
      `INSERT INTO ledger (plan_id, kind, netuid, tranche_index, action, hotkey, amount, status, created_at, updated_at)
       VALUES (@plan, @kind, @netuid, @idx, 'addStakeLimit', 'hk', '749152543', 'finalized', '2025-02-14T00:00:00Z', '2025-02-14T00:00:00Z')`,
    );
    insert.run(row);
    insert.run(row);
    await old.close();
    await expect(openDb(file)).rejects.toThrow(StoreError);
    await expect(openDb(file)).rejects.toThrow(
      /migration 12 \(lease\) failed, nothing of it was applied: .*UNIQUE.*two live rows .*GROUP BY 1, 2, 3 HAVING/,
    );
    // Nothing of migration 12 was applied: the store is still at its old version and opens with the old list.
    const again = await openWith(
      file,
      migrations.filter((m) => m.version < 12),
    );
    expect(await schemaVersion(again)).toBe(9);
    await again.close();
  });
});

describe('two processes opening one new store at once', () => {
  const dir = tempDir();
  const root = path.resolve(__dirname, '..', '..');
  const open = (file: string) =>
    promisify(execFile)(
      process.execPath,
      [
        '-r',
        path.join(root, 'scripts/chain/ts-hook.cjs'),
        '-e',
        `require(${JSON.stringify(path.join(root, 'src/store/db.ts'))}).openDb(process.argv[1]).then((db) => db.close())`,
        file,
      ],
      { cwd: root },
    );

  it('three at once: each migration is applied once, the later ones skip what the first applied', async () => {
    for (let round = 0; round < 3; round++) {
      const file = path.join(dir, `race-${round}.sqlite`);
      await Promise.all([open(file), open(file), open(file)]);
      const db = await openDb(file);
      expect((db.sqlite!.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(migrations.length);
      await db.close();
    }
  }, 60_000);
});
