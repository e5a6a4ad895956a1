import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { openDb, schemaVersion, StoreError } from '../../src/store/db';
import { migrations } from '../../src/store/migrations';
import { KvStore } from '../../src/store/kv';
import { tempDir } from '../helpers/tmp';

describe('SQLite store', () => {
  const dir = tempDir();

  it('applies migrations, uses WAL, and keeps data across reopen', () => {
    const file = path.join(dir, 'a', 'govbridge.sqlite');
    const db = openDb(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(Math.max(...migrations.map((m) => m.version)));
    new KvStore(db).set('cursor', '42', new Date('2025-01-01T00:00:00Z'));
    db.close();

    const again = openDb(file);
    expect(new KvStore(again).get('cursor')).toBe('42');
    const applied = again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number };
    expect(applied.n).toBe(migrations.length);
    again.close();
  });

  it('applies a new migration once on an existing file', () => {
    const file = path.join(dir, 'b.sqlite');
    openDb(file).close();
    const extra = [...migrations, { version: 999, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER);' }];
    const db = openDb(file, extra);
    expect(schemaVersion(db)).toBe(999);
    db.close();
    expect(() => openDb(file, extra).close()).not.toThrow();
  });

  it('names an unwritable data directory', () => {
    const ro = path.join(dir, 'ro');
    fs.mkdirSync(ro);
    fs.writeFileSync(path.join(ro, 'file'), '');
    // A path under a regular file can never be created, even as root.
    expect(() => openDb(path.join(ro, 'file', 'db.sqlite'))).toThrow(StoreError);
    expect(() => openDb(path.join(ro, 'file', 'db.sqlite'))).toThrow(/data directory .* is not writable/);
  });
});

describe('a store written before the one-live-tranche index', () => {
  const dir = tempDir();
  it('refuses to open when it already holds a double submission, naming the migration and how to find the rows', () => {
    const file = path.join(dir, 'old.sqlite');
    const old = openDb(
      file,
      migrations.filter((m) => m.version < 12),
    );
    const row = { plan: 'p', kind: 'tranche', netuid: 51, idx: 2 };
    const insert = old.prepare(
      `INSERT INTO ledger (plan_id, kind, netuid, tranche_index, action, hotkey, amount, status, created_at, updated_at)
       VALUES (@plan, @kind, @netuid, @idx, 'addStakeLimit', 'hk', '749152543', 'finalized', '2025-02-14T00:00:00Z', '2025-02-14T00:00:00Z')`,
    );
    insert.run(row);
    insert.run(row);
    old.close();
    expect(() => openDb(file)).toThrow(StoreError);
    expect(() => openDb(file)).toThrow(
      /migration 12 \(lease\) failed, nothing of it was applied: .*UNIQUE.*two live rows .*GROUP BY 1, 2, 3 HAVING/,
    );
    // Nothing of migration 12 was applied: the store is still at its old version and opens with the old list.
    const again = openDb(
      file,
      migrations.filter((m) => m.version < 12),
    );
    expect(schemaVersion(again)).toBe(9);
    again.close();
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
        `require(${JSON.stringify(path.join(root, 'src/store/db.ts'))}).openDb(process.argv[1]).close()`,
        file,
      ],
      { cwd: root },
    );

  it('three at once: each migration is applied once, the later ones skip what the first applied', async () => {
    for (let round = 0; round < 3; round++) {
      const file = path.join(dir, `race-${round}.sqlite`);
      await Promise.all([open(file), open(file), open(file)]);
      const db = openDb(file);
      expect((db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(migrations.length);
      db.close();
    }
  }, 60_000);
});
