import { Writable } from 'node:stream';
import type { Config } from '../config/schema';
import { createLogger, type Logger } from '../log';
import { type OnProposal, type PollReport } from '../sources/poller';
import { withApp } from '../app/open';
import { CliExit, EXIT, requireConfig, type CliIo, type Register } from './context';
import { warnIfNewStore } from './store';

/**
 * One poll cycle against the configured store; what `govbridge poll --once` runs. Unless a hook
 * is given, every final record goes to the governance engine, exactly as the service does.
 */
export function pollOnce(config: Config, log: Logger, at: Date | null, onProposal?: OnProposal): Promise<PollReport> {
  return withApp(config, { mode: 'poll', log, at, onProposal }, (app) => app.poller.runOnce(app.now));
}

/** Applies --hub and --space; --hub means "read this hub", so it selects the snapshot source. */
export function withOverrides(config: Config, opts: { hub?: string; space?: string }): Config {
  const out: Config = { ...config, source: { ...config.source } };
  if (opts.hub !== undefined) {
    if (!URL.canParse(opts.hub) || !/^https?:$/.test(new URL(opts.hub).protocol)) {
      throw new CliExit(EXIT.usage, `--hub: "${opts.hub}" is not an http(s) URL`);
    }
    out.source.hubUrl = opts.hub;
    if (out.source.kind === 'fixtures' || out.source.kind === 'goverland') out.source.kind = 'snapshot';
  }
  if (opts.space !== undefined) {
    if (opts.space.trim() === '') throw new CliExit(EXIT.usage, '--space: must not be empty');
    out.space = opts.space;
  }
  return out;
}

const stderrStream = (io: CliIo): Writable =>
  new Writable({
    write(chunk: Buffer, _enc, done) {
      io.stderr(chunk.toString());
      done();
    },
  });

export const registerPoll: Register = (program, io) => {
  program
    .command('poll')
    .description('read closed proposals of the space from the governance source once and print one JSON line per proposal handed on')
    .option('--once', 'run one poll cycle and exit (required: the service polls on its own cron)')
    .option('--hub <url>', 'Snapshot hub GraphQL endpoint to read (selects the snapshot source)')
    .option('--space <id>', 'Snapshot space to read, e.g. rokonetwork.eth')
    .addHelpText(
      'after',
      '\nOutput: {"id","title","end","executable","reasons"} per line; nothing when nothing is new.\n' +
        'Exit 0 when the cycle completed, 1 when the source failed (what was read is kept and resumed).',
    )
    .action(async (opts: { once?: boolean; hub?: string; space?: string }) => {
      if (!opts.once) throw new CliExit(EXIT.usage, 'poll: only --once is supported here; `govbridge serve` polls on source.pollCron');
      const config = withOverrides(requireConfig(io), opts);
      const log = createLogger({ level: config.logLevel, format: 'json', stream: stderrStream(io) });
      await warnIfNewStore(config, io);
      const report = await pollOnce(config, log, null);
      for (const line of report.processed) io.stdout(JSON.stringify(line) + '\n');
      if (report.error) throw new CliExit(EXIT.invalid, `poll: ${report.error}`);
    });
};
