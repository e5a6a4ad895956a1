/** Jest's global teardown: stops the run's PostgreSQL server and removes its directory. */
import { PG_URL_VAR, stopServer, type PgServer } from './helpers/postgres';
import { SERVER_KEY } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const slot = globalThis as Record<string, unknown>;
  const server = slot[SERVER_KEY] as PgServer | undefined;
  if (!server) return;
  delete slot[SERVER_KEY];
  // A later run of the same process (watch mode) starts its own server.
  delete process.env[PG_URL_VAR];
  await stopServer(server);
}
