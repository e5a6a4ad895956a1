import { InvalidArgumentError } from 'commander';
import { runUntilSignal } from '../main';
import { CliExit, EXIT, requireConfig, type Register } from './context';

const positive = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 1_000_000) throw new InvalidArgumentError('a number from 0 (exclusive) to 1000000');
  return n;
};

export const registerServe: Register = (program, io) => {
  program
    .command('serve')
    .description('run the service: poll the hub, check rules, execute plans, serve the API and dashboard')
    .option('--speed <factor>', 'dry-run only: run the virtual clock this many times faster (e.g. 3600: an hour a second)', positive)
    .option('--port <port>', 'HTTP port (overrides PORT / GOVBRIDGE_PORT)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port from 0 to 65535');
      return n;
    })
    .addHelpText('after', '\nStops cleanly on SIGTERM or SIGINT: cron stopped, the job in flight finished, server and store closed.')
    .action(async (opts: { speed?: number; port?: number }) => {
      const config = requireConfig(io);
      try {
        await runUntilSignal({
          ...config,
          port: opts.port ?? config.port,
          executor: { ...config.executor, speed: opts.speed ?? config.executor.speed },
        });
      } catch (e) {
        // What was opened before the failure is closed already: the process ends with the reason.
        throw new CliExit(EXIT.invalid, `serve: could not start: ${(e as Error).message}`);
      }
    });
};
