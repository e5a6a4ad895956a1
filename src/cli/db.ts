import path from 'node:path';
import { storeTarget } from '../config/load';
import type { Config } from '../config/schema';
import { isPostgresUrl, redactUrl, schemaVersion } from '../store/db';
import { openApp, withApp, type StoreApp } from '../app/open';
import {
  applyMigrations,
  exportStore,
  hasSchema,
  importStore,
  readHeader,
  TransferError,
  type ExportHeader,
  type TableCheck,
} from '../store/transfer';
import { CliExit, EXIT, requireConfig, type CliIo, type Register } from './context';
import { textTable } from './text-table';

const fileProblem = (e: unknown): string | null => {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : null;
};

function checksTable(checks: TableCheck[]): string {
  const rows = checks.map((c) => [
    c.table,
    c.expected ? String(c.expected.rows) : '-',
    c.actual ? String(c.actual.rows) : '-',
    c.actual ? c.actual.sha256.slice(0, 16) : '-',
    c.ok ? 'ok' : 'MISMATCH',
  ]);
  return textTable(['table', 'rows in file', 'rows in store', 'sha256 (store)', ''], rows, [1, 2]);
}

/** `--to`: a postgres:// URL as given, a SQLite path from the working directory. */
const targetOf = (to: string): string => (isPostgresUrl(to) ? to : path.resolve(to));

async function importInto(io: CliIo, config: Config, file: string, target: string): Promise<void> {
  // The file is checked before the target is opened: a SQLite target would be created empty.
  try {
    readHeader(file);
  } catch (e) {
    if (e instanceof TransferError) throw new CliExit(EXIT.invalid, e.message);
    const code = fileProblem(e);
    if (code) throw new CliExit(EXIT.usage, `cannot read ${file}: ${code}`);
    throw e;
  }
  let app: StoreApp;
  try {
    app = await openApp(config, { mode: 'store', target, migrate: false });
  } catch (e) {
    // openDb names a PostgreSQL target without its password already.
    throw new CliExit(EXIT.usage, `cannot open the target store: ${(e as Error).message}`);
  }
  const { db } = app;
  try {
    const r = await importStore(db, file);
    if (r.applied.length > 0)
      io.stdout(`migrated ${db.location}: applied ${r.applied.map((m) => `${m.version} (${m.name})`).join(', ')}\n`);
    io.stdout(`imported ${file} (from ${r.header.dialect}, schema version ${r.header.schemaVersion}) into ${db.location}\n`);
    io.stdout(checksTable(r.checks));
    io.stdout('every table matches the file (row counts and hashes)\n');
  } catch (e) {
    if (e instanceof TransferError) {
      if (e.checks.length > 0) io.stdout(checksTable(e.checks));
      throw new CliExit(e.kind === 'not-empty' ? EXIT.usage : EXIT.invalid, e.message);
    }
    const code = fileProblem(e);
    if (code) throw new CliExit(EXIT.usage, `cannot read ${file}: ${code}`);
    throw e;
  } finally {
    await app.close();
  }
}

export const registerDb: Register = (program, io) => {
  const db = program
    .command('db')
    .description('manage the store: apply migrations, export it to a file, import a file into a new store (SQLite or PostgreSQL)');
  db.command('migrate')
    .description('apply pending migrations to the configured store and print its schema version')
    .action(async () => {
      await withApp(requireConfig(io), { mode: 'store', migrate: false }, async ({ db: store }) => {
        const applied = await applyMigrations(store);
        const version = await schemaVersion(store);
        io.stdout(`store ${store.location}: schema version ${version}\n`);
        io.stdout(
          applied.length === 0
            ? 'nothing to apply: the schema is up to date\n'
            : `applied ${applied.map((m) => `${m.version} (${m.name})`).join(', ')}\n`,
        );
      });
    });
  db.command('export')
    .description(
      'write every table of the configured store to FILE as JSON Lines: a header with per-table counts and hashes, then one line per row',
    )
    .argument('<file>', 'the file to write (replaced if it exists)')
    .addHelpText('after', '\nRead-only on the store, from one consistent snapshot; the service may keep running.')
    .action(async (file: string) => {
      const out = path.resolve(file);
      await withApp(requireConfig(io), { mode: 'store', readonly: true }, async ({ db: store }) => {
        // A read-only open migrates nothing: a new PostgreSQL database has no tables to read.
        if (!(await hasSchema(store)))
          throw new CliExit(
            EXIT.invalid,
            `no store in ${store.location}: it has no govbridge schema, so nothing to export (is store.url / DATABASE_URL the right one?)`,
          );
        let header: ExportHeader;
        try {
          header = await exportStore(store, out);
        } catch (e) {
          const code = fileProblem(e);
          if (code) throw new CliExit(EXIT.usage, `cannot write ${file}: ${code}`);
          throw e;
        }
        const total = Object.values(header.tables).reduce((s, t) => s + t.rows, 0);
        io.stdout(
          `exported ${total} rows of ${Object.keys(header.tables).length} tables from ${store.location} (${header.dialect}, schema version ${header.schemaVersion}) to ${out}\n`,
        );
        for (const [t, s] of Object.entries(header.tables)) io.stdout(`  ${String(s.rows).padStart(8)}  ${t}\n`);
      });
    });
  db.command('import')
    .description('load an export into a new, empty store, then read it back and compare every table with the file')
    .argument('<file>', 'a file written by `govbridge db export`')
    .option('--to <target>', 'the store to fill: a SQLite file path or a postgres:// URL (default: the configured store)')
    .addHelpText(
      'after',
      '\nRefuses a store that holds any row (exit 2). All rows go in one transaction.\nExit 0 only when every table read back matches the file (row count and hash), 1 otherwise.',
    )
    .action(async (file: string, opts: { to?: string }) => {
      const config = requireConfig(io);
      const target = opts.to === undefined ? storeTarget(config) : targetOf(opts.to);
      if (opts.to !== undefined && isPostgresUrl(opts.to) && !URL.canParse(opts.to))
        throw new CliExit(EXIT.usage, `--to: ${redactUrl(opts.to)} is not a valid URL`);
      await importInto(io, config, file, target);
    });
};
