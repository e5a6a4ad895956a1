/**
 * `govbridge db migrate | export | import`, run in-process on SQLite and on PostgreSQL: an export
 * imported into a new store reads back row for row and hash for hash, whichever backend it came
 * from; the imported store keeps working (the audit chain verifies, ids go on above the copied
 * ones, the fencing trigger refuses a stale token); a non-empty target or a tampered file is
 * refused and leaves the target as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/cli';
import { testEnv } from '../../helpers/tmp';
import { describeBackends, describePostgres, freshDatabase, type Backend } from '../../helpers/postgres';
import { openDb, type Db } from '../../../src/store/db';
import { AuditLog } from '../../../src/store/audit';
import { FencedWriteError, Ledger } from '../../../src/store/ledger';
import { WorldStore } from '../../../src/store/world';
import { KvStore } from '../../../src/store/kv';
import { ProposalStore } from '../../../src/store/proposals';
import { firstNonEmptyTable } from '../../../src/store/transfer';
import { TABLES } from '../../../src/store/schema';
import { migrations as sqliteMigrations } from '../../../src/store/migrations/sqlite';
import { migrations as postgresMigrations } from '../../../src/store/migrations/postgres';
import { HUGE, HUGEST, LAST_TOKEN, SPACE, at, entry, fillStore, readExport, tx, type ExportFile } from './fixtures';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'govbridge-transfer-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let dirs = 0;
/** A new directory under the suite's temporary root. */
const newDir = (): string => fs.mkdtempSync(path.join(root, `${++dirs}-`));

/** A store nobody used yet, as `--to` names it and as the CLI's environment selects it. */
interface Store {
  target: string;
  env: NodeJS.ProcessEnv;
}

const sqliteStore = (): Store => {
  const dir = newDir();
  return { target: path.join(dir, 'govbridge.sqlite'), env: testEnv({ GOVBRIDGE_DATA_DIR: dir }) };
};

/** On SQLite the CLI finds the file through its data dir, so the file is named as the config names it. */
const newStore = async (backend: Backend): Promise<Store> => {
  if (backend.name === 'sqlite') return sqliteStore();
  const url = await backend.target();
  // The data dir is set too, and empty: a command that fell back to SQLite would find no rows.
  return { target: url, env: testEnv({ DATABASE_URL: url, GOVBRIDGE_DATA_DIR: newDir() }) };
};

const postgresStore = (url: string): Store => ({ target: url, env: testEnv({ DATABASE_URL: url, GOVBRIDGE_DATA_DIR: newDir() }) });

/** Exports the store of `env` to a new file and reads it back. */
async function exportOf(store: Store): Promise<ExportFile & { file: string; stdout: string }> {
  const file = path.join(newDir(), 'store.jsonl');
  const r = await runCli(['db', 'export', file], store.env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { ...readExport(file), file, stdout: r.stdout };
}

async function importInto(file: string, store: Store): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(['db', 'import', file, '--to', store.target], testEnv());
}

/** Two exports hold the same store: the same tables, counts, hashes and rows, whatever the backend. */
function expectSameStore(a: ExportFile, b: ExportFile): void {
  expect(b.header.schemaVersion).toBe(a.header.schemaVersion);
  expect(Object.keys(b.header.tables).sort()).toEqual([...TABLES].sort());
  expect(b.header.tables).toEqual(a.header.tables);
  for (const t of TABLES) expect({ t, rows: b.rows[t] ?? [] }).toEqual({ t, rows: a.rows[t] ?? [] });
}

// The source of every import: a realistic SQLite store, exported once through the CLI.
let source: ExportFile & { file: string; stdout: string };
let sourceDb: Db;
beforeAll(async () => {
  const store = sqliteStore();
  sourceDb = await openDb(store.target);
  await fillStore(sourceDb);
  source = await exportOf(store);
});
afterAll(async () => {
  await sourceDb.close();
});

describe('the source export', () => {
  it('holds every table with rows, amounts above 2^63 exact, and says so on stdout', () => {
    expect(source.header).toMatchObject({ format: 'govbridge-store', version: 1, dialect: 'sqlite' });
    for (const t of TABLES) {
      expect({ t, rows: source.header.tables[t]?.rows }).toEqual({ t, rows: source.rows[t]?.length });
      expect({ t, empty: (source.rows[t]?.length ?? 0) === 0 }).toEqual({ t, empty: false });
    }
    const amounts = source.rows.ledger!.map((r) => r.amount);
    expect(amounts).toEqual(expect.arrayContaining([HUGE.toString(), (HUGEST - 1n).toString()]));
    expect(source.rows.ledger!.map((r) => r.limit_price)).toContain(HUGEST.toString());
    expect(source.rows.ledger!.map((r) => r.tx_fee_rao)).toContain((HUGE + 7n).toString());
    expect(source.rows.ledger!.map((r) => r.alpha)).toContain(HUGEST.toString());
    const total = source.lines.length;
    expect(source.stdout).toContain(`exported ${total} rows of ${TABLES.length} tables`);
    expect(source.stdout).toMatch(/\n\s+\d+ {2}audit_log\n/);
  });
});

describePostgres('db export | import: SQLite to PostgreSQL and back', () => {
  it('copies every row exactly, and the copy of the copy is the same store again', async () => {
    const pg = postgresStore(await freshDatabase());
    const toPg = await importInto(source.file, pg);
    expect(toPg.stderr).toBe('');
    expect(toPg.code).toBe(0);
    expect(toPg.stdout).toMatch(/applied 1 \(core\)/);
    expect(toPg.stdout).toContain('every table matches the file');
    expect(toPg.stdout).not.toContain('MISMATCH');

    const fromPg = await exportOf(pg);
    expect(fromPg.header.dialect).toBe('postgres');
    expectSameStore(source, fromPg);

    const lite = sqliteStore();
    const back = await importInto(fromPg.file, lite);
    expect(back.stderr).toBe('');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('(from postgres, schema version');
    const again = await exportOf(lite);
    expect(again.header.dialect).toBe('sqlite');
    expectSameStore(source, again);
    // The same store gives the same file, byte for byte, once the header's dialect is set aside.
    expect(again.lines).toEqual(source.lines);
  });
});

describeBackends('db import', (backend) => {
  const opened: Db[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
  });
  const open = async (target: string): Promise<Db> => {
    const db = await openDb(target);
    opened.push(db);
    return db;
  };

  it('gives a store whose audit trail verifies, whose ids go on above the copied ones, and whose fencing holds', async () => {
    const store = await newStore(backend);
    const r = await importInto(source.file, store);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectSameStore(source, await exportOf(store));

    const auditRows = source.rows.audit_log!.length;
    const verify = await runCli(['audit', 'verify'], store.env);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain(`audit trail intact: ${auditRows} entries`);

    const db = await open(store.target);
    expect(await new AuditLog(db).verify()).toEqual({ ok: true, count: auditRows });

    // The holder of the imported lease writes on: new rows get ids above every copied one.
    const maxLedger = Math.max(...source.rows.ledger!.map((row) => Number(row.id)));
    const ledger = new Ledger(db, () => LAST_TOKEN);
    const ids = await ledger.recordSubmitting([entry({ trancheIndex: 3, amount: HUGE * 2n })], tx(3), at(30));
    expect(ids).toHaveLength(1);
    expect(ids[0]).toBeGreaterThan(maxLedger);
    expect((await ledger.byTx(tx(3).txHash))[0]).toMatchObject({ id: ids[0], amount: HUGE * 2n, status: 'submitting' });
    const maxQuarantine = Math.max(...source.rows.quarantine!.map((row) => Number(row.id)));
    const reject = { source: 'snapshot', proposalId: '0xnew', end: 9, raw: '{}', reason: 'title: required' };
    await new ProposalStore(db).ingest(SPACE, { records: [], rejects: [reject], held: [] }, null, at(31));
    const quarantine = await db.q.selectFrom('quarantine').select('id').where('proposal_id', '=', '0xnew').execute();
    expect(quarantine).toHaveLength(1);
    expect(Number(quarantine[0]!.id)).toBeGreaterThan(maxQuarantine);
    // The trail goes on from the imported head and still verifies.
    expect(await new AuditLog(db).verify()).toEqual({ ok: true, count: auditRows + 1 });

    // The former holder's token, or none, is refused by the trigger, and nothing is written.
    const stale = new Ledger(db, () => LAST_TOKEN - 1);
    await expect(stale.recordSubmitting([entry({ trancheIndex: 4 })], tx(4), at(32))).rejects.toThrow(FencedWriteError);
    await expect(stale.markInBlock(tx(3).txHash, 3003, '0xb3', at(32))).rejects.toThrow(FencedWriteError);
    await expect(new Ledger(db).recordSubmitting([entry({ trancheIndex: 5 })], tx(5), at(32))).rejects.toThrow(FencedWriteError);
    await expect(new WorldStore(db, () => LAST_TOKEN - 1).save('{"v":"stale"}', at(32))).rejects.toThrow(/fenced/);
    expect(await new Ledger(db).forPlan('plan-a')).toHaveLength(source.rows.ledger!.length + 1);
    expect(await new WorldStore(db).load()).toBe('{"v":2}');
    expect(await new AuditLog(db).verify()).toEqual({ ok: true, count: auditRows + 1 });
  });

  it('refuses a store that holds a row, exit 2 naming the table, and leaves it as it was', async () => {
    const store = await newStore(backend);
    const db = await open(store.target);
    await new AuditLog(db).append({ actor: 'ops:5Ops', action: 'plan.accepted', planId: null, proposalId: null, reason: null }, at(0));
    const r = await importInto(source.file, store);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not empty: table audit_log has rows/);
    expect(r.stdout).toBe('');
    expect(await new AuditLog(db).count()).toBe(1);
    expect(await new KvStore(db).get('cursor')).toBeUndefined();
    expect(await firstNonEmptyTable(db)).toBe('audit_log');
  });

  it('refuses a file with one amount changed, exit 1 naming the table, and leaves the store empty', async () => {
    const store = await newStore(backend);
    const tampered = path.join(newDir(), 'tampered.jsonl');
    const text = fs.readFileSync(source.file, 'utf8');
    const changed = text.replace(`"amount":"${HUGE}"`, `"amount":"${HUGE + 1n}"`);
    expect(changed).not.toBe(text);
    fs.writeFileSync(tampered, changed);
    const r = await importInto(tampered, store);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/differs from .*tampered\.jsonl in: ledger; nothing was imported/);
    expect(r.stdout).toMatch(/\nledger .*MISMATCH/);
    const db = await open(store.target);
    expect(await firstNonEmptyTable(db)).toBeNull();
  });

  it('refuses a file whose rows the schema refuses (a key twice), exit 1 naming the file and table, and leaves the store empty', async () => {
    const store = await newStore(backend);
    const twice = path.join(newDir(), 'twice.jsonl');
    const lines = fs.readFileSync(source.file, 'utf8').split('\n');
    const plan = lines.findIndex((l) => l.startsWith('{"t":"plans"'));
    lines.splice(plan, 0, lines[plan]!);
    fs.writeFileSync(twice, lines.join('\n'));
    const r = await importInto(twice, store);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/twice\.jsonl: the store refuses rows of plans: .+; nothing was imported/);
    const db = await open(store.target);
    expect(await firstNonEmptyTable(db)).toBeNull();
  });

  it('refuses a file that lost a row, exit 1, and leaves the store empty', async () => {
    const store = await newStore(backend);
    const short = path.join(newDir(), 'short.jsonl');
    const lines = fs.readFileSync(source.file, 'utf8').split('\n');
    const kv = lines.findIndex((l) => l.startsWith('{"t":"kv"'));
    lines.splice(kv, 1);
    fs.writeFileSync(short, lines.join('\n'));
    const r = await importInto(short, store);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the header says 2 rows of kv, the file holds 1; nothing was imported/);
    const db = await open(store.target);
    expect(await firstNonEmptyTable(db)).toBeNull();
  });
});

describeBackends('db export', (backend) => {
  it('refuses a store nobody wrote yet, exit 1, and writes no file', async () => {
    const store = await newStore(backend);
    const file = path.join(newDir(), 'none.jsonl');
    const r = await runCli(['db', 'export', file], store.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no store (at|in) /);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describeBackends('db migrate', (backend) => {
  const list = backend.name === 'sqlite' ? sqliteMigrations : postgresMigrations;
  const latest = Math.max(...list.map((m) => m.version));

  it('applies every migration to a new store and prints the version; a second run applies nothing', async () => {
    const store = await newStore(backend);
    const first = await runCli(['db', 'migrate'], store.env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^store .+: schema version ${latest}\\n`));
    const applied = /^applied (.+)$/m.exec(first.stdout)?.[1]?.split(', ');
    expect(applied?.sort()).toEqual(list.map((m) => `${m.version} (${m.name})`).sort());

    const second = await runCli(['db', 'migrate'], store.env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`schema version ${latest}\\n`));
    expect(second.stdout).toContain('nothing to apply: the schema is up to date');
    expect(second.stdout).not.toMatch(/^applied/m);
  });
});
