/**
 * Jest's global setup: starts the run's one PostgreSQL server (test/helpers/postgres.ts) before
 * any worker exists, so every worker inherits GOVBRIDGE_TEST_PG_URL. Without server binaries,
 * or when the server does not start, it prints ONE loud line and the PostgreSQL suites skip
 * (or fail, under GOVBRIDGE_REQUIRE_POSTGRES=1).
 */
import { PG_SKIP_VAR, PG_URL_VAR, findBinDir, skipLine, startServer, type PgServer } from './helpers/postgres';

/** Where the teardown, which runs in this same process, finds the server to stop. */
export const SERVER_KEY = '__govbridgeTestPostgres';

export default async function globalSetup(): Promise<void> {
  // A server named by the caller is used as it is, and not stopped afterwards.
  if (process.env[PG_URL_VAR]) return;
  let why: string;
  let detail = '';
  const binDir = await findBinDir();
  if (binDir) {
    try {
      const server = await startServer(binDir);
      (globalThis as Record<string, unknown>)[SERVER_KEY] = server satisfies PgServer;
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
