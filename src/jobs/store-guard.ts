import type { Logger } from '../log';
import type { StoreStatus } from '../store/problem';
import type { Job } from './job';

/** What a guarded job returns instead of running: the reason it did not. */
export interface SkippedRun {
  skipped: 'store';
  problem: StoreStatus['problem'];
  message: string | null;
}

/**
 * A job that runs only while the store passes its health check (file still the one opened, a
 * probe written and read back). The executor must not sign a tranche it could not record, and a
 * poll must not hand proposals to a store that forgets them, so both stop until the store is
 * healthy again; the alarm itself (log and metric) is raised by whoever watches StoreHealth.
 */
export function guardedByStore(job: Job, store: { check(now: Date): Promise<StoreStatus> }, log: Logger): Job {
  return {
    name: job.name,
    runOnce: async (now) => {
      const s = await store.check(now);
      if (s.ok) return job.runOnce(now);
      log.warn('job not run: the store is not healthy', { job: job.name, problem: s.problem });
      const skipped: SkippedRun = { skipped: 'store', problem: s.problem, message: s.message };
      return skipped;
    },
  };
}
