import type { Command } from 'commander';
import { loadConfig } from '../config/load';
import type { Config } from '../config/schema';

/** Exit codes of the govbridge command. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** Thrown by a command to end with a code and a message on stderr, never a bare stack trace. */
export class CliExit extends Error {
  override name = 'CliExit';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<string>;
}

/** Loads the configuration or ends with exit 2 listing every bad key. */
export function requireConfig(io: CliIo): Config {
  const r = loadConfig(io.env);
  if (!r.ok) throw new CliExit(EXIT.usage, `invalid configuration:\n${r.errors.map((e) => `  - ${e}`).join('\n')}`);
  return r.value;
}

export type Register = (program: Command, io: CliIo) => void;
