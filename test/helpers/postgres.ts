/**
 * A real PostgreSQL server for the tests. Jest's global setup starts ONE throwaway server per run
 * (loopback only, in a temporary directory, durability off) and tells the test workers its URL
 * through GOVBRIDGE_TEST_PG_URL; every suite then gets its own empty database from
 * `freshDatabase()`. When no server binaries exist, ONE loud line says so and the PostgreSQL
 * suites skip; under GOVBRIDGE_REQUIRE_POSTGRES=1 (CI) they fail instead, so a machine without
 * PostgreSQL cannot pass unnoticed. A server named in GOVBRIDGE_TEST_PG_URL before jest starts is
 * used as it is and left running.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/** The server's URL (its maintenance database `postgres`), set by the global setup. */
export const PG_URL_VAR = 'GOVBRIDGE_TEST_PG_URL';
/** Why there is no server, set by the global setup when it could not start one. */
export const PG_SKIP_VAR = 'GOVBRIDGE_TEST_PG_SKIP';
/** "1" makes a missing server a failure instead of a skip. */
export const PG_REQUIRE_VAR = 'GOVBRIDGE_REQUIRE_POSTGRES';

export const postgresRequired = (): boolean => process.env[PG_REQUIRE_VAR] === '1';

/** Whether the tests of this worker can reach the run's PostgreSQL server. */
export const pgAvailable = (): boolean => Boolean(process.env[PG_URL_VAR]);

/** Why the PostgreSQL tests do not run, for the failing test under GOVBRIDGE_REQUIRE_POSTGRES=1. */
export const pgUnavailableReason = (): string =>
  process.env[PG_SKIP_VAR] ?? 'the jest global setup did not start a server (is test/global-setup.ts configured?)';

/** The line printed once per run when the server is missing. */
export const skipLine = (why: string): string => `*** PostgreSQL tests ${postgresRequired() ? 'FAIL' : 'NOT RUN'}: ${why} ***`;

/** A running throwaway server: what the teardown needs to stop and remove it. */
export interface PgServer {
  url: string;
  dir: string;
  binDir: string;
  /** The user the server runs as when this process is root, else null. */
  runAs: string | null;
}

/** The directory of initdb/pg_ctl: Debian's highest installed major version, else pg_config's. */
export async function findBinDir(): Promise<string | null> {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+(\.\d+)?$/.test(v) && fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(root, versions[0], 'bin');
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    const dir = stdout.trim();
    if (fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  } catch {
    // No pg_config on the PATH: no client package either, so no server.
  }
  return null;
}

/** A TCP port on loopback that nothing listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a server binary, as the postgres user when this process is root (initdb refuses root). */
async function pgExec(server: Pick<PgServer, 'binDir' | 'runAs' | 'dir'>, tool: string, args: string[]): Promise<string> {
  const bin = path.join(server.binDir, tool);
  const [file, argv] = server.runAs ? ['runuser', ['-u', server.runAs, '--', bin, ...args]] : [bin, args];
  try {
    // The tools change back to the working directory they started in: one the postgres user can enter.
    const { stdout, stderr } = await run(file, argv, { timeout: 60_000, cwd: server.dir });
    return stdout + stderr;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`${tool} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`, { cause: e });
  }
}

/**
 * Starts a throwaway server: initdb with trust authentication, then pg_ctl on a free loopback
 * port with the socket inside the temporary directory. Durability is off (fsync, synchronous
 * commit, full page writes): the data dies with the run, and startup stays near two seconds.
 */
export async function startServer(binDir: string): Promise<PgServer> {
  const root = process.getuid?.() === 0;
  const runAs = root ? 'postgres' : null;
  if (root) {
    try {
      await run('id', ['-u', 'postgres']);
    } catch {
      throw new Error("running as root and there is no postgres user to run the server as (install Debian's postgresql package)");
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govbridge-pg-'));
  try {
    if (root) {
      // The server runs as postgres: it must own its directory, and reach it through the parents.
      await run('chown', ['-R', 'postgres:', dir]);
    }
    const data = path.join(dir, 'data');
    const server = { url: '', dir, binDir, runAs };
    await pgExec(server, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync']);
    let lastError: unknown;
    // Another process may take the port between choosing it and the server binding it: retry.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const options = [
        `-p ${port}`,
        `-k ${dir}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c shared_buffers=16MB',
        '-c max_connections=200',
      ].join(' ');
      try {
        await pgExec(server, 'pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '30', '-o', options, 'start']);
        return { ...server, url: `postgres://postgres@127.0.0.1:${port}/postgres` };
      } catch (e) {
        lastError = e;
      }
    }
    const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000) : '';
    throw new Error(`${(lastError as Error).message}\n${log}`, { cause: lastError });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Stops the server at once (its data is thrown away) and removes its directory. */
export async function stopServer(server: PgServer): Promise<void> {
  try {
    await pgExec(server, 'pg_ctl', ['-D', path.join(server.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } finally {
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}

/**
 * The same, synchronously, for a process that exits without its global teardown (an interrupted
 * run): an `exit` handler cannot wait, and the server must not outlive the run.
 */
export function stopServerSync(server: PgServer): void {
  const bin = path.join(server.binDir, 'pg_ctl');
  const args = ['-D', path.join(server.dir, 'data'), '-m', 'immediate', '-w', 'stop'];
  try {
    if (server.runAs) execFileSync('runuser', ['-u', server.runAs, '--', bin, ...args], { cwd: server.dir, stdio: 'ignore' });
    else execFileSync(bin, args, { cwd: server.dir, stdio: 'ignore' });
  } catch {
    // Already stopped, or its directory is gone: nothing is left to stop.
  }
  fs.rmSync(server.dir, { recursive: true, force: true });
}

let created = 0;

/** A new, empty database on the run's server; returns its URL. */
export async function freshDatabase(): Promise<string> {
  const base = process.env[PG_URL_VAR];
  if (!base) throw new Error(`no PostgreSQL server for the tests: ${pgUnavailableReason()}`);
  // Unique across the workers of this run and across runs against an external server.
  const name = `govbridge_test_${process.pid}_${++created}_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export type BackendName = 'sqlite' | 'postgres';

/** One store backend as a suite sees it: where to open a new, empty store. */
export interface Backend {
  name: BackendName;
  /** A target for `openDb` naming a store nobody used yet (a new file, a new database). */
  target(): Promise<string>;
}

/** The backends, in the order suites run them. */
export const BACKENDS: readonly BackendName[] = ['sqlite', 'postgres'];

/** Makes the backend for one suite; called inside its `describe`, so the SQLite files go with it. */
function backend(name: BackendName): Backend {
  if (name === 'postgres') return { name, target: freshDatabase };
  let dir: string | undefined;
  let n = 0;
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    name,
    target: () => {
      dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'govbridge-store-'));
      return Promise.resolve(path.join(dir, `store-${++n}.sqlite`));
    },
  };
}

/**
 * `describe` once per backend ("title (sqlite)", "title (postgres)"). Without a server the
 * PostgreSQL half is skipped (the global setup printed why), or, under
 * GOVBRIDGE_REQUIRE_POSTGRES=1, replaced by one failing test.
 */
export function describeBackends(title: string, body: (backend: Backend) => void): void {
  const runnable = BACKENDS.filter((b) => b !== 'postgres' || pgAvailable());
  describe.each(runnable.map((b) => [b]))(`${title} (%s)`, (name) => body(backend(name)));
  if (!runnable.includes('postgres')) missingPostgres(`${title} (postgres)`);
}

/** `describe` for a suite that needs the PostgreSQL server (e.g. to compare it with SQLite). */
export function describePostgres(title: string, body: () => void): void {
  if (pgAvailable()) describe(title, body);
  else missingPostgres(title);
}

function missingPostgres(title: string): void {
  if (postgresRequired()) {
    describe(title, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error(`PostgreSQL tests did not run: ${pgUnavailableReason()}`);
      });
    });
  } else {
    describe.skip(title, () => it.todo('needs a PostgreSQL server'));
  }
}
