import { Writable } from 'node:stream';
import type { Config } from '../config/schema';
import { createLogger, type Logger } from '../log';
import { storeTarget } from '../config/load';
import { createSource } from '../sources';
import { Poller, type OnProposal, type PollReport } from '../sources/poller';
import { openDb } from '../store/db';
import { buildGovernance } from '../wiring/governance';
import { WebhookNotifier } from '../notify/webhooks';
import { ProposalStore } from '../store/proposals';
import { KvStore } from '../store/kv';
import { serviceClock } from '../wiring/components';
import { CliExit, EXIT, requireConfig, type CliIo, type Register } from './context';
import { warnIfNewStore } from './store';

/**
 * One poll cycle against the configured store; what `govbridge poll --once` runs. Unless a hook
 * is given, every final record goes to the governance engine, exactly as the service does: a
 * proposal handed on here is decided here, never skipped by the service later.
 */
export async function pollOnce(config: Config, log: Logger, at: Date | null, onProposal?: OnProposal): Promise<PollReport> {
  const db = await openDb(storeTarget(config));
  // Nothing is sent until a decision is announced, so making it before the try costs nothing.
  const notifier = new WebhookNotifier(config.notifications.webhooks, log);
  try {
    // Without a time given, the service's: a dry-run demo's stored virtual clock, else the wall clock.
    const now = at ?? (await serviceClock(config, new KvStore(db)))();
    const { authenticity } = buildGovernance(config, db, log, (n) => notifier.notify(n));
    const decide: OnProposal = onProposal ?? ((record) => authenticity.decide(record, now));
    const poller = new Poller({
      source: createSource(config, log),
      store: new ProposalStore(db),
      log,
      space: config.space,
      onProposal: decide,
      afterCycle: onProposal ? undefined : (at) => authenticity.retryPending(at),
    });
    return await poller.runOnce(now);
  } finally {
    // Decisions made by hand are announced like the service's before the command ends, but a
    // dead receiver may hold the command for ten seconds at most.
    try {
      await Promise.race([notifier.drain(), new Promise((r) => setTimeout(r, 10_000).unref())]);
      notifier.stop();
    } finally {
      await db.close();
    }
  }
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
