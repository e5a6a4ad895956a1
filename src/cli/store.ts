import fs from 'node:fs';
import { dbFile } from '../config/load';
import type { Config } from '../config/schema';
import { openApp, type StoreApp } from '../app/open';
import type { CliIo } from './context';

/**
 * For a command that writes: says so on stderr when it is about to create a new, empty store.
 * On PostgreSQL the database itself must exist already; "new" means it has no govbridge schema
 * yet, which only a connection can tell, so it is asked (and a failure to connect is left to
 * the open that follows, which reports it).
 */
export async function warnIfNewStore(config: Config, io: CliIo): Promise<void> {
  if (!config.store.url) {
    const file = dbFile(config);
    if (!fs.existsSync(file)) io.stderr(`govbridge: warning: creating a new empty store at ${file} (dataDir from the configuration)\n`);
    return;
  }
  let app: StoreApp;
  try {
    app = await openApp(config, { mode: 'store', target: config.store.url, migrate: false, poolSize: 1 });
  } catch {
    return;
  }
  const { db } = app;
  try {
    const tables = await db.q.introspection.getTables();
    if (!tables.some((t) => t.name === 'schema_migrations'))
      io.stderr(`govbridge: warning: creating a new empty store in ${db.location} (store.url / DATABASE_URL from the configuration)\n`);
  } catch {
    // Only a warning: the command's own open says what is wrong with the database.
  } finally {
    await app.close();
  }
}
