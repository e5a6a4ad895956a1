import path from 'node:path';
import type http from 'node:http';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { Config } from './config/schema';
import { createLogger, type Logger } from './log';
import { createApp, listen, closeServer } from './http/server';
import { createApiRouter } from './http/api/routes';
import { securityHeaders, writeLimiter } from './http/api/security';
import { dashboardRouter } from './http/dashboard/router';
import { proposeRouter } from './http/propose/router';
import { opsRouter } from './http/routes/ops';
import { OPS_OPENAPI_PATHS } from './http/routes/ops-openapi';
import { Scheduler, type Job } from './jobs/scheduler';
import { measured } from './jobs/measured';
import { buildComponents, type Components } from './wiring/components';
import { guardedByStore } from './jobs/store-guard';
import { storeProblemOf, type StoreProblem } from './store/health';
import type { ChainPort } from './chain/port';
import { ServiceStatus } from './http/service-status';
import { failingStreak } from './http/trouble';

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

/**
 * A job that only the lease holder runs: a standby skips it quietly (it serves the API only).
 * After an executor tick the dry-run world is saved, so a takeover continues from it.
 */
function leaderOnly(job: Job, c: Components, after?: () => Promise<void>): Job {
  return {
    name: job.name,
    runOnce: async (now) => {
      if (!c.leadership.isLeader()) return { skipped: 'standby: another process holds the executor lease' };
      const report = await job.runOnce(now);
      await after?.();
      return report;
    },
  };
}

/**
 * The one composition root: config → logger → components (stores, governance, poller, chain,
 * executor) → HTTP → schedules. Nothing else reaches for globals or the environment.
 */
export async function startService(config: Config, rootLog: Logger, opts: ServiceOptions = {}): Promise<Service> {
  const log = rootLog.child({ module: 'main' });
  await cryptoWaitReady();
  const speed = config.chain.kind === 'dry-run' ? config.executor.speed : 1;
  const c = await buildComponents(config, rootLog, opts.clock, { chain: opts.wrapChain });
  const clock = c.clock;
  const scheduler = new Scheduler(rootLog.child({ module: 'scheduler' }), clock);
  // One write budget per client address, shared by the ops routes and the API's write routes.
  const limiter = writeLimiter();
  const ops = opsRouter(c.ops, clock, limiter);
  // What the dashboard's banners and /api/status say about the source, the hub and the chain.
  const status = new ServiceStatus({
    source: config.source.kind,
    space: config.space,
    chain: config.chain.kind,
    failingAfter: config.executor.failingAfter,
  });
  // Simulated tx hashes must not link to a real explorer.
  const explorerUrl = config.chain.kind === 'dry-run' ? null : config.explorerUrl;
  const failingPlans = async (): Promise<string[]> => {
    const failing: string[] = [];
    for (const p of await c.read.plans())
      if (p.state === 'active' && failingStreak(await c.read.tranches(p.id), config.executor.failingAfter)) failing.push(p.id);
    return failing;
  };
  const app = createApp({
    log: rootLog.child({ module: 'http' }),
    before: [securityHeaders()],
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
    readiness: [
      {
        name: 'store',
        check: async () => {
          const s = await c.storeHealth.check(clock());
          return { ok: s.ok, problem: s.problem };
        },
      },
      { name: 'chain', check: async () => (await c.chain.bestBlock()) >= 0 },
      // Cleared by the first request to the hub that succeeds, set by one that fails.
      { name: 'hub', check: () => c.sourceHealth.healthy() },
      // Not ready while an active plan's recent tranches all fail: an operator must look.
      { name: 'tranches', check: async () => (await failingPlans()).length === 0 },
    ],
    routers: [
      // The ops routes first, on the app itself: they parse their own bodies with their own limit.
      { path: '/api', router: ops },
      {
        path: '/api',
        router: createApiRouter({
          read: c.read,
          audit: c.audit,
          prices: c.chain,
          explorerUrl,
          status,
          log: rootLog,
          clock,
          limiter,
          lintParse: c.parse,
          openapiPaths: OPS_OPENAPI_PATHS,
        }),
      },
      { path: '/metrics', router: c.metrics.router() },
      { path: '/', router: dashboardRouter() },
      { path: '/', router: proposeRouter() },
    ],
  });
  let server: http.Server;
  try {
    server = await listen(app, config.port, config.host);
  } catch (e) {
    await c.close();
    throw e;
  }
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
  log.info(c.leadership.isLeader() ? 'leading: this process polls and ticks' : 'standing by: another process leads', {
    ...c.leadership.view(),
  });

  // The jobs as cron runs them: stopped while the store is unhealthy, their outcomes measured.
  const storeError = (problem: StoreProblem, message: string): void => {
    c.metrics.storeError(problem);
    c.storeHealth.observe(problem, message);
  };
  const guardLog = rootLog.child({ module: 'scheduler' });
  // Only the lease holder runs them; after a tick the dry-run world is saved for a takeover.
  const saveWorld = async (): Promise<void> => {
    try {
      await c.saveWorld();
    } catch (e) {
      log.warn('dry-run world not saved', { error: (e as Error).message });
    }
  };
  const poll = measured(
    guardedByStore(leaderOnly(c.poller, c), c.storeHealth, guardLog),
    (now) => {
      status.pollSucceeded(now);
      c.metrics.pollSucceeded(now);
    },
    (kind, message, now) => {
      status.pollFailed(now, message);
      c.metrics.hubError(kind);
    },
    storeError,
  );
  const tick = measured(
    guardedByStore(leaderOnly(c.executor, c, saveWorld), c.storeHealth, guardLog),
    (now) => c.metrics.tickSucceeded(now),
    (k) => c.metrics.chainError(k),
    storeError,
  );
  if (opts.schedule !== false) {
    scheduler.add(poll, config.source.pollCron);
    // A sped-up clock needs frequent ticks, or each tick would catch up many tranches at once.
    scheduler.add(tick, speed > 1 ? '* * * * * *' : config.executor.cron);
    void scheduler.trigger(poll);
  }

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop requested'): Promise<void> =>
    (stopping ??= (async () => {
      log.info('shutting down', { reason });
      await scheduler.stop();
      await c.leadership.stop();
      await closeServer(server);
      await c.close();
      log.info('govbridge stopped', { reason });
    })());
  return { port, components: c, scheduler, jobs: { poll, tick }, clock, status, stop };
}

/** Runs the service until SIGTERM/SIGINT, then shuts down within the configured timeout. */
export async function runUntilSignal(config: Config): Promise<void> {
  const log = createLogger({ level: config.logLevel, format: config.logFormat });
  const service = await startService(config, log);
  const onSignal = (signal: NodeJS.Signals): void => {
    const timer = setTimeout(() => {
      log.error('shutdown timed out, forcing exit', { module: 'main', timeoutMs: config.shutdownTimeoutMs });
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    void service.stop(signal).then(() => {
      // Give the log transport a moment to flush its final line before the process ends.
      log.on('finish', () => process.exit(0));
      log.end();
    });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
