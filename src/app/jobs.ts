/**
 * The poll and the tick as the service's scheduler runs them: only on the lease holder, stopped
 * while the store is unhealthy, their outcomes measured and told to the status the dashboard shows.
 */
import type { Logger } from '../log';
import type { Job } from '../jobs/scheduler';
import { measured } from '../jobs/measured';
import { guardedByStore } from '../jobs/store-guard';
import type { StoreProblem } from '../store/health';
import type { ServiceStatus } from '../http/service-status';
import type { Components } from '../wiring/components';

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

export function serviceJobs(c: Components, status: ServiceStatus, rootLog: Logger): { poll: Job; tick: Job } {
  const log = rootLog.child({ module: 'main' });
  const storeError = (problem: StoreProblem, message: string): void => {
    c.metrics.storeError(problem);
    c.storeHealth.observe(problem, message);
  };
  const guardLog = rootLog.child({ module: 'scheduler' });
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
  return { poll, tick };
}
