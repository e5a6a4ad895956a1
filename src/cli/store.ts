import fs from 'node:fs';
import { dbFile } from '../config/load';
import type { Config } from '../config/schema';
import type { CliIo } from './context';

/** For a command that writes: says so on stderr when it is about to create a new, empty store. */
export function warnIfNewStore(config: Config, io: CliIo): void {
  const file = dbFile(config);
  if (!fs.existsSync(file)) io.stderr(`govbridge: warning: creating a new empty store at ${file} (dataDir from the configuration)\n`);
}
