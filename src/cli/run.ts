import { createLogger } from '../log';
import { withApp } from '../app/open';
import type { TickReport } from '../executor/report';
import { CliExit, EXIT, requireConfig, type Register } from './context';
import { warnIfNewStore } from './store';

function summary(r: TickReport): string {
  const lines = [
    `tick at ${r.at}: ${r.sent} action(s) sent (${r.batch}), ${r.refused} refused before sending, ${r.reconciled} reconciled, ${r.pending} pending`,
    ...r.activated.map((id) => `activated ${id}`),
    ...r.completed.map((id) => `completed ${id}`),
    ...r.notes.map((n) => `${n.planId}: ${n.note}`),
    ...r.problems.map((p) => `error: ${p.message}`),
  ];
  return lines.join('\n') + '\n';
}

export const registerRun: Register = (program, io) => {
  program
    .command('run')
    .description('run the executor once: reconcile unsettled transactions, activate accepted plans, send due tranches')
    .option('--once', 'run exactly one tick now and exit (the service runs ticks on the executor.cron schedule)')
    .option('--json', 'print the tick report as JSON')
    .addHelpText(
      'after',
      "\nUses the configured chain (dry-run by default) and the data directory's ledger.\nExit 0 when the tick ran cleanly, 1 when it reported errors, 2 on bad options or configuration.",
    )
    .action(async (opts: { once?: boolean; json?: boolean }) => {
      if (!opts.once) throw new CliExit(EXIT.usage, 'run needs --once (to run ticks on a schedule, use `govbridge serve`)');
      const config = requireConfig(io);
      const log = createLogger({ level: config.logLevel, format: config.logFormat });
      await warnIfNewStore(config, io);
      await withApp(config, { mode: 'tick', log }, async ({ components: c }) => {
        try {
          // One executor at a time: a tick needs the lease, which a running `serve` holds.
          await c.leadership.step();
          if (!c.leadership.isLeader()) {
            const v = c.leadership.view();
            throw new CliExit(
              EXIT.invalid,
              `not ticking: another process holds the executor lease (${v.leader ?? 'unknown'}, until ${v.expiresAt ?? 'unknown'}); it runs the ticks`,
            );
          }
          const report = await c.executor.runOnce(c.clock());
          await c.saveWorld();
          io.stdout(opts.json ? JSON.stringify(report, null, 2) + '\n' : summary(report));
          if (report.problems.length > 0) throw new CliExit(EXIT.invalid, '');
        } finally {
          await c.leadership.stop();
        }
      });
    });
};
