/**
 * Jest's global setup: starts the run's one PostgreSQL server (test/helpers/postgres.ts) before
 * any worker exists, so every worker inherits GOVBRIDGE_TEST_PG_URL. Without server binaries,
 * or when the server does not start, it prints ONE loud line and the PostgreSQL suites skip
 * (or fail, under GOVBRIDGE_REQUIRE_POSTGRES=1).
 */
import { PG_SKIP_VAR, PG_URL_VAR, findBinDir, skipLine, startServer, stopServerSync, type PgServer } from './helpers/postgres';

/** Where the teardown, which runs in this same process, finds the server to stop. */
export const SERVER_KEY = '__govbridgeTestPostgres';

const slot = globalThis as Record<string, unknown>;

/** Stops the server this process started and the teardown did not, if any. */
function stopLeftover(): void {
  const server = slot[SERVER_KEY] as PgServer | undefined;
  if (!server) return;
  delete slot[SERVER_KEY];
  stopServerSync(server);
}

let guarded = false;

/**
 * An interrupted run skips the teardown: the server is stopped on the way out all the same. A
 * signal nothing else handles ends the process at once, without `exit` handlers, so those
 * signals stop the server first and then end the process as they would have.
 */
function stopOnTheWayOut(): void {
  if (guarded) return;
  guarded = true;
  process.once('exit', stopLeftover);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    if (process.listenerCount(signal) > 0) continue;
    process.once(signal, () => {
      stopLeftover();
      process.kill(process.pid, signal);
    });
  }
}

export default async function globalSetup(): Promise<void> {
  // A server named by the caller is used as it is, and not stopped afterwards.
  if (process.env[PG_URL_VAR]) return;
  let why: string;
  let detail = '';
  const binDir = await findBinDir();
  if (binDir) {
    try {
      const server = await startServer(binDir);
      slot[SERVER_KEY] = server satisfies PgServer;
      stopOnTheWayOut();
      process.env[PG_URL_VAR] = server.url;
      delete process.env[PG_SKIP_VAR];
      return;
    } catch (e) {
      const [first, ...rest] = (e as Error).message.split('\n');
      why = `the PostgreSQL server in ${binDir} did not start: ${first ?? ''}`;
      detail = rest.join('\n').trim();
    }
  } else {
    why = "no PostgreSQL server binaries (install Debian's postgresql package)";
  }
  process.env[PG_SKIP_VAR] = why;
  process.stderr.write(`\n${skipLine(why)}\n${detail ? `${detail}\n` : ''}\n`);
}
