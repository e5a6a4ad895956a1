/**
 * The running service over an open store: the components, the HTTP app on its port, the lease,
 * and the poll and tick on their schedules. Each part is registered with the app's closer as it
 * is opened, so a start that fails half-way closes what it opened, in reverse order.
 */
import path from 'node:path';
import type http from 'node:http';
import type { Config } from '../config/schema';
import type { Logger } from '../log';
import type { Db } from '../store/db';
import { listen, closeServer } from '../http/server';
import { Scheduler, type Job } from '../jobs/scheduler';
import { ServiceStatus } from '../http/service-status';
import { storeProblemOf } from '../store/health';
import type { ChainPort } from '../chain/port';
import type { Components } from '../wiring/components';
import { buildComponents } from '../wiring/components';
import type { Closer } from './closer';
import { buildHttpApp } from './http';
import { serviceJobs } from './jobs';
import { serviceReadiness } from './readiness';

export interface Service {
  port: number;
  components: Components;
  scheduler: Scheduler;
  /** The poll and the executor tick as the scheduler runs them (guarded and measured). */
  jobs: { poll: Job; tick: Job };
  clock: () => Date;
  status: ServiceStatus;
  stop(reason?: string): Promise<void>;
}

export interface ServiceOptions {
  /** Overrides the clock (tests); by default the wall clock, sped up for a dry-run demo. */
  clock?: () => Date;
  /** Whether to start the cron schedules; tests drive runOnce themselves. */
  schedule?: boolean;
  /** Tests only: wraps the configured chain (a chain that refuses every tranche, say). */
  wrapChain?: (built: ChainPort) => ChainPort;
}

export async function startOn(config: Config, db: Db, rootLog: Logger, closing: Closer, opts: ServiceOptions): Promise<Service> {
  const log = rootLog.child({ module: 'main' });
  const speed = config.chain.kind === 'dry-run' ? config.executor.speed : 1;
  const c = await buildComponents(config, db, rootLog, opts.clock, { chain: opts.wrapChain });
  closing.add('components', () => c.close());
  const clock = c.clock;
  // What the dashboard's banners and /api/status say about the source, the hub and the chain.
  const status = new ServiceStatus({
    source: config.source.kind,
    space: config.space,
    chain: config.chain.kind,
    failingAfter: config.executor.failingAfter,
  });
  // Not ready until every job is scheduled: a balancer must not send traffic to a half-started process.
  let started = false;
  const { app } = buildHttpApp({
    log: rootLog,
    api: {
      read: c.read,
      audit: c.audit,
      prices: c.chain,
      // Simulated tx hashes must not link to a real explorer.
      explorerUrl: config.chain.kind === 'dry-run' ? null : config.explorerUrl,
      status,
      clock,
      lintParse: c.parse,
    },
    metrics: c.metrics,
    ops: { requests: c.ops, clock },
    trustProxy: config.http.trustProxy,
    // A route that hits a store error (a corrupt page behind /api/audit) makes the store unhealthy.
    onServerError: (e) => {
      const problem = storeProblemOf(e);
      if (!problem) return;
      c.metrics.storeError(problem);
      c.storeHealth.observe(problem, (e as Error).message);
    },
    // A standby is ready: it serves the API. Its role, the leader and the store's backend are in the body.
    status: () => {
      const v = c.leadership.view();
      return { role: v.role, leader: v.leader, self: v.self, backend: c.db.dialect };
    },
    readiness: serviceReadiness(config, c, () => started),
  });
  const server: http.Server = await listen(app, config.port, config.host);
  closing.add('http server', () => closeServer(server));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info('govbridge started', {
    host: config.host,
    port,
    dataDir: path.resolve(config.dataDir),
    // Where the store is, without a password: never the configured URL itself.
    store: c.db.location,
    chain: config.chain.kind,
    source: config.source.kind,
    space: config.space,
    speed,
  });

  // Only the lease holder polls and ticks. Taking the lease restores the dry-run world and
  // settles what a crash (of this process or of the previous leader) left `submitting`.
  await c.leadership.start();
  closing.add('executor lease', () => c.leadership.stop());
  log.info(c.leadership.isLeader() ? 'leading: this process polls and ticks' : 'standing by: another process leads', {
    ...c.leadership.view(),
  });

  const scheduler = new Scheduler(rootLog.child({ module: 'scheduler' }), clock);
  closing.add('scheduler', () => scheduler.stop());
  const { poll, tick } = serviceJobs(c, status, rootLog);
  if (opts.schedule !== false) {
    scheduler.add(poll, config.source.pollCron);
    // A sped-up clock needs frequent ticks, or each tick would catch up many tranches at once.
    scheduler.add(tick, speed > 1 ? '* * * * * *' : config.executor.cron);
    void scheduler.trigger(poll);
  }
  started = true;

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop requested'): Promise<void> =>
    (stopping ??= (async () => {
      log.info('shutting down', { reason });
      await closing.close();
      log.info('govbridge stopped', { reason });
    })());
  return { port, components: c, scheduler, jobs: { poll, tick }, clock, status, stop };
}
