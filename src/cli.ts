#!/usr/bin/env node
import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CliExit, EXIT, type CliIo, type Register } from './cli/context';
import { registerConfig } from './cli/config';
import { registerServe } from './cli/serve';
import { registerAudit } from './cli/audit';
import { registerReport } from './cli/report';
import { registerStatus } from './cli/status';
import { registerPoll } from './cli/poll';
import { registerCheck } from './cli/check';
import { registerOps } from './cli/ops';
import { registerParse } from './cli/parse';
import { registerLint } from './cli/lint';
import { registerSchedule } from './cli/schedule';
import { registerRun } from './cli/run';
import { registerSimulate } from './cli/simulate';
import { registerLedger } from './cli/ledger';
import { registerDb } from './cli/db';

/** Subcommands in the order `--help` lists them; each concept registers its own. */
const COMMANDS: Register[] = [
  registerServe,
  registerConfig,
  registerStatus,
  registerReport,
  registerAudit,
  registerPoll,
  registerParse,
  registerLint,
  registerSchedule,
  registerCheck,
  registerOps,
  registerRun,
  registerSimulate,
  registerLedger,
  registerDb,
];

export function buildProgram(io: CliIo): Command {
  const program = new Command('govbridge')
    .description("Carry a DAO's passed Snapshot vote into on-chain execution on Bittensor.")
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of COMMANDS) register(program, io);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}

export const processIo = (): CliIo => ({
  env: process.env,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: () => Promise.resolve(fs.readFileSync(0, 'utf8')),
});

/** Runs the CLI and returns its exit code: 0 ok, 1 invalid input, 2 usage or configuration. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof CliExit) {
      if (e.message) io.stderr(`govbridge: ${e.message}\n`);
      return e.code;
    }
    io.stderr(`govbridge: ${(e as Error).message}\n`);
    return EXIT.invalid;
  }
}

export async function main(argv: string[]): Promise<void> {
  // `govbridge ledger PLAN | head`: the reader went away; that is not an error worth a trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const code = await run(argv, processIo());
  // serve keeps running until a signal; every other command ends with its code.
  if (code !== EXIT.ok || argv[2] !== 'serve') process.exitCode = code;
}

if (require.main === module) void main(process.argv);
