import crypto from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { sql, type Kysely } from 'kysely';
import type { Db, Dialect, Sql } from './db';
import { schemaVersion } from './db';
import { migrateSqlite, migratePostgres, type Migration } from './migrate';
import { migrations as sqliteMigrations } from './migrations/sqlite';
import { migrations as postgresMigrations } from './migrations/postgres';
import { canonicalJson } from './canonical-json';
import { TABLES } from './schema';

/**
 * Moving a whole store between backends (SQLite to PostgreSQL and back) as one JSON Lines file:
 * a header line, then one line per row. Each table's hash is taken over a canonical text of its
 * rows (keys sorted, sorted by primary key in JavaScript, not by the database's collation), so
 * the same rows hash the same whichever backend they were read from, and an import can prove
 * that the target holds exactly what the file does.
 */

export type TableName = (typeof TABLES)[number];

export const FORMAT = 'govbridge-store';
export const FORMAT_VERSION = 1;

export interface TableSummary {
  rows: number;
  sha256: string;
}

export interface ExportHeader {
  format: typeof FORMAT;
  version: number;
  schemaVersion: number;
  dialect: Dialect;
  tables: Record<string, TableSummary>;
}

/** A value as it is written to the file: what both backends agree on. */
type Cell = string | number | null;
type Row = Record<string, Cell>;

/** Why an import was refused: the command maps each kind to its exit code. */
export class TransferError extends Error {
  override name = 'TransferError';
  constructor(
    readonly kind: 'not-empty' | 'bad-file' | 'schema' | 'mismatch',
    message: string,
    /** For a mismatch: every table's comparison, to show which differ. */
    readonly checks: TableCheck[] = [],
  ) {
    super(message);
  }
}

/** The primary key of every exported table: rows are ordered by it before hashing. */
const PRIMARY_KEYS: Record<TableName, readonly string[]> = {
  kv: ['key'],
  proposals: ['id'],
  source_cursors: ['space'],
  quarantine: ['id'],
  source_disagreements: ['id'],
  plans: ['id'],
  decisions: ['proposal_id'],
  ops_nonces: ['nonce'],
  resume_votes: ['plan_id', 'public_key'],
  leases: ['name'],
  ledger: ['id'],
  audit_log: ['seq'],
  dry_run_world: ['id'],
  authenticity: ['proposal_id'],
};

/** Binary columns, written as base64 and decoded back on import. */
const BINARY: Partial<Record<string, readonly string[]>> = { health_probe: ['pad'] };

/** Identity columns of PostgreSQL whose sequence must move past the ids an import wrote. */
const IDENTITIES = ['ledger', 'quarantine', 'source_disagreements', 'health_probe'] as const;

/**
 * Tables inserted after all the others. The fencing triggers of `ledger` and `dry_run_world`
 * compare each written row's token with the lease row: with no lease row yet, rows of any token
 * pass, so the lease comes last and the copied rows keep the tokens they were written with.
 */
const LAST: readonly TableName[] = ['leases'];

/** Tables and rows read through a loosely typed executor: the table name is only known at run time. */
type Loose = Kysely<Record<string, Record<string, unknown>>>;
const loose = (q: Sql): Loose => q as unknown as Loose;

function cell(v: unknown, where: string): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  throw new Error(`${where}: a value of type ${typeof v} cannot be exported`);
}

function normalizeRow(table: string, raw: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(raw)) out[k] = cell(v, `${table}.${k}`);
  return out;
}

function compareCells(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function byKey(table: TableName): (a: Row, b: Row) => number {
  const key = PRIMARY_KEYS[table];
  return (a, b) => {
    for (const k of key) {
      const c = compareCells(a[k] ?? null, b[k] ?? null);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** Every row of a table, normalised and in primary-key order. */
async function tableRows(q: Sql, table: TableName): Promise<Row[]> {
  const raw = await loose(q).selectFrom(table).selectAll().execute();
  return raw.map((r) => normalizeRow(table, r)).sort(byKey(table));
}

function summarizeRows(rows: Row[]): TableSummary {
  const h = crypto.createHash('sha256');
  for (const r of rows) h.update(canonicalJson(r) + '\n');
  return { rows: rows.length, sha256: h.digest('hex') };
}

/**
 * Runs `fn` on one consistent snapshot of the store, without taking the write lock: a
 * REPEATABLE READ transaction on PostgreSQL, a deferred read transaction on SQLite (in WAL mode
 * it sees the store as of its first read while writers go on).
 */
async function snapshot<T>(db: Db, fn: (q: Sql) => Promise<T>): Promise<T> {
  if (db.dialect === 'postgres') {
    return db.q
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((trx) => fn(trx));
  }
  return db.q.connection().execute(async (conn) => {
    await sql`BEGIN`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`ROLLBACK`.execute(conn);
    }
  });
}

async function summarizeTables(q: Sql): Promise<Record<string, TableSummary>> {
  const tables: Record<string, TableSummary> = {};
  // One table in memory at a time: the hash needs the whole table sorted, not the whole store.
  for (const t of TABLES) tables[t] = summarizeRows(await tableRows(q, t));
  return tables;
}

/** Row counts and hashes of every table of the store, as an export's header would give them. */
export async function summarizeStore(db: Db): Promise<Record<string, TableSummary>> {
  return snapshot(db, summarizeTables);
}

/**
 * Writes every table of the store to `file` (JSON Lines: the header, then `{t, r}` per row),
 * from one snapshot. The file is written beside its name and renamed into place, so an
 * interrupted export never leaves a partial file under the name asked for.
 */
export async function exportStore(db: Db, file: string): Promise<ExportHeader> {
  const tmp = `${file}.partial-${process.pid}`;
  let fd: number | null = fs.openSync(tmp, 'w');
  try {
    const header = await snapshot(db, async (q): Promise<ExportHeader> => {
      const head: ExportHeader = {
        format: FORMAT,
        version: FORMAT_VERSION,
        schemaVersion: await versionOf(q),
        dialect: db.dialect,
        tables: await summarizeTables(q),
      };
      fs.writeSync(fd!, JSON.stringify(head) + '\n');
      // A second read of each table, in the same snapshot: the header had to come first.
      for (const t of TABLES) {
        const rows = await tableRows(q, t);
        let chunk = '';
        for (const r of rows) {
          chunk += JSON.stringify({ t, r }) + '\n';
          if (chunk.length > 1 << 20) {
            fs.writeSync(fd!, chunk);
            chunk = '';
          }
        }
        if (chunk) fs.writeSync(fd!, chunk);
      }
      return head;
    });
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, file);
    return header;
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

async function versionOf(q: Sql): Promise<number> {
  const row = await q
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

export interface AppliedMigration {
  version: number;
  name: string;
}

/** Applies the pending migrations of the store's dialect and says which ran. */
export async function applyMigrations(db: Db): Promise<AppliedMigration[]> {
  const list: Migration[] = db.dialect === 'postgres' ? postgresMigrations : sqliteMigrations;
  const versions = db.sqlite ? migrateSqlite(db.sqlite, list) : await migratePostgres(db.q, list);
  return versions.map((v) => ({ version: v, name: list.find((m) => m.version === v)?.name ?? '?' }));
}

/** The first exported table that holds a row, or null when the store has none (tables not yet made count as empty). */
export async function firstNonEmptyTable(db: Db): Promise<TableName | null> {
  const existing = new Set((await db.q.introspection.getTables()).map((t) => t.name));
  for (const t of TABLES) {
    if (!existing.has(t)) continue;
    const row = await loose(db.q)
      .selectFrom(t)
      .select(sql<number>`1`.as('one'))
      .limit(1)
      .executeTakeFirst();
    if (row) return t;
  }
  return null;
}

/** Reads and checks the header line of an export (it is small: one summary per table). */
export function readHeader(file: string): ExportHeader {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    let text = '';
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      text += buf.toString('utf8', 0, n);
      const nl = text.indexOf('\n');
      if (nl >= 0) return parseHeader(text.slice(0, nl), file);
      if (n === 0) {
        if (text.trim() === '') throw new TransferError('bad-file', `${file} is empty: not a govbridge store export`);
        return parseHeader(text, file);
      }
      if (text.length > 16 << 20) throw new TransferError('bad-file', `${file}: no header line: not a govbridge store export`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function parseHeader(line: string, file: string): ExportHeader {
  let h: Partial<ExportHeader>;
  try {
    h = JSON.parse(line) as Partial<ExportHeader>;
  } catch {
    throw new TransferError('bad-file', `${file}: the first line is not JSON: not a govbridge store export`);
  }
  if (h?.format !== FORMAT) throw new TransferError('bad-file', `${file}: not a govbridge store export (no "format":"${FORMAT}" header)`);
  if (h.version !== FORMAT_VERSION)
    throw new TransferError(
      'bad-file',
      `${file}: export format version ${String(h.version)}, this govbridge reads version ${FORMAT_VERSION}`,
    );
  if (typeof h.schemaVersion !== 'number' || typeof h.tables !== 'object' || h.tables === null)
    throw new TransferError('bad-file', `${file}: the header lacks schemaVersion or tables`);
  return h as ExportHeader;
}

export interface TableCheck {
  table: string;
  expected: TableSummary | null;
  actual: TableSummary | null;
  ok: boolean;
}

export interface ImportResult {
  header: ExportHeader;
  applied: AppliedMigration[];
  checks: TableCheck[];
  ok: boolean;
}

const isTable = (t: unknown): t is TableName => typeof t === 'string' && (TABLES as readonly string[]).includes(t);

/** A row of the file as it is written back: binary columns decoded from base64. */
function decodeRow(table: string, r: Row): Record<string, unknown> {
  const binary = BINARY[table];
  if (!binary) return r;
  const out: Record<string, unknown> = { ...r };
  for (const c of binary) if (typeof out[c] === 'string') out[c] = Buffer.from(out[c], 'base64');
  return out;
}

/**
 * Whether a database error says that rows do not fit the schema (a duplicate key, a value of the
 * wrong type, an unknown column, a CHECK or a trigger refusing it) rather than that the store
 * failed (a lost connection, a full disk): PostgreSQL's SQLSTATE classes 22, 23, 42 and P0 (a
 * trigger's RAISE), SQLite's constraint, mismatch and generic SQL errors.
 */
function rowsDoNotFit(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  if (/^(22|23|42|P0)[0-9A-Z]{3}$/.test(code)) return true;
  return /^SQLITE_(CONSTRAINT|MISMATCH|ERROR|RANGE|TOOBIG)/.test(code);
}

/**
 * Inserts rows of the file. A file the schema refuses is the file's fault, not the store's: the
 * error then names the file and the table, where the database's own message names neither.
 */
async function insertRows(db: Db, file: string, table: TableName, rows: Record<string, unknown>[]): Promise<void> {
  try {
    await loose(db.q).insertInto(table).values(rows).execute();
  } catch (e) {
    if (!rowsDoNotFit(e)) throw e;
    throw new TransferError('bad-file', `${file}: the store refuses rows of ${table}: ${(e as Error).message}; nothing was imported`);
  }
}

/** Whether the store has a govbridge schema at all: a new PostgreSQL database has none. */
export async function hasSchema(db: Db): Promise<boolean> {
  return (await db.q.introspection.getTables()).some((t) => t.name === 'schema_migrations');
}

/**
 * Loads an export into an empty store: refuses a store that holds any row, migrates it,
 * inserts every row in one write transaction, moves PostgreSQL's identity sequences past the
 * copied ids, then reads the store back in that transaction and compares each table's count and
 * hash with the header; any difference rolls the import back, so the target is either an exact
 * copy or left empty.
 */
export async function importStore(db: Db, file: string): Promise<ImportResult> {
  const header = readHeader(file);
  const refuseIfNotEmpty = async (): Promise<void> => {
    const full = await firstNonEmptyTable(db);
    if (full)
      throw new TransferError(
        'not-empty',
        `the target store ${db.location} is not empty: table ${full} has rows (import only into a new, empty store)`,
      );
  };
  // Refused before migrating: a refused import leaves the target as it was.
  await refuseIfNotEmpty();
  const applied = await applyMigrations(db);
  const version = await schemaVersion(db);
  if (version !== header.schemaVersion)
    throw new TransferError(
      'schema',
      `${file} has schema version ${header.schemaVersion}, the target store ${version}: export it again with this govbridge (run \`govbridge db migrate\` on the source first)`,
    );
  const checks = await db.tx(async (): Promise<TableCheck[]> => {
    // Again inside the write lock: another process may have written since the first look.
    await refuseIfNotEmpty();
    const counts = new Map<string, number>();
    const deferred = new Map<TableName, Record<string, unknown>[]>();
    const pending: { table: TableName | null; rows: Record<string, unknown>[] } = { table: null, rows: [] };
    const flush = async (): Promise<void> => {
      if (pending.table === null || pending.rows.length === 0) return;
      await insertRows(db, file, pending.table, pending.rows);
      pending.rows = [];
    };
    const input = fs.createReadStream(file, 'utf8');
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    let n = 0;
    try {
      for await (const line of lines) {
        n += 1;
        if (n === 1 || line.trim() === '') continue;
        let entry: { t?: unknown; r?: unknown };
        try {
          entry = JSON.parse(line) as { t?: unknown; r?: unknown };
        } catch {
          throw new TransferError('bad-file', `${file}:${n}: not JSON`);
        }
        const { t, r } = entry;
        if (!isTable(t)) throw new TransferError('bad-file', `${file}:${n}: unknown table ${JSON.stringify(t)}`);
        if (typeof r !== 'object' || r === null || Array.isArray(r))
          throw new TransferError('bad-file', `${file}:${n}: the row is not an object`);
        const row = decodeRow(t, r as Row);
        counts.set(t, (counts.get(t) ?? 0) + 1);
        if (LAST.includes(t)) {
          deferred.set(t, [...(deferred.get(t) ?? []), row]);
          continue;
        }
        if (pending.table !== t) {
          await flush();
          pending.table = t;
        }
        pending.rows.push(row);
        // Bounded statements: both backends limit the parameters of one INSERT.
        if (pending.rows.length * Object.keys(row).length >= 10_000) await flush();
      }
    } finally {
      lines.close();
      input.destroy();
    }
    await flush();
    for (const t of LAST) {
      const rows = deferred.get(t) ?? [];
      for (let i = 0; i < rows.length; i += 200) await insertRows(db, file, t, rows.slice(i, i + 200));
    }
    for (const t of TABLES) {
      const expected = header.tables[t]?.rows ?? 0;
      const got = counts.get(t) ?? 0;
      if (expected !== got)
        throw new TransferError(
          'bad-file',
          `${file}: the header says ${expected} rows of ${t}, the file holds ${got}; nothing was imported`,
        );
    }
    if (db.dialect === 'postgres') {
      for (const t of IDENTITIES) {
        await sql`SELECT setval(pg_get_serial_sequence(${t}, 'id'), COALESCE(MAX(id), 0) + 1, false) FROM ${sql.table(t)}`.execute(db.q);
      }
    }
    // The store read back, before COMMIT: a difference rolls the whole import back.
    const compared = compare(header, await summarizeTables(db.q));
    if (!compared.every((c) => c.ok)) {
      const bad = compared.filter((c) => !c.ok).map((c) => c.table);
      throw new TransferError('mismatch', `the store read back differs from ${file} in: ${bad.join(', ')}; nothing was imported`, compared);
    }
    return compared;
  });
  return { header, applied, checks, ok: checks.every((c) => c.ok) };
}

function compare(header: ExportHeader, actual: Record<string, TableSummary>): TableCheck[] {
  const names = [...new Set([...TABLES, ...Object.keys(header.tables)])];
  return names.map((table): TableCheck => {
    const expected = header.tables[table] ?? null;
    const got = actual[table] ?? null;
    return { table, expected, actual: got, ok: !!expected && !!got && expected.rows === got.rows && expected.sha256 === got.sha256 };
  });
}
