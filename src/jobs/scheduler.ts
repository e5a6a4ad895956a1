import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log';

import type { Job } from './job';
export type { Job } from './job';

/**
 * Runs jobs on cron expressions. A job never overlaps itself (a tick that finds the previous
 * run still going is skipped and logged), and an exception is logged, never allowed to end the
 * loop. stop() waits for runs in flight so shutdown never cuts a tranche in half.
 */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  static validate(expression: string): boolean {
    return cron.validate(expression);
  }

  add(job: Job, expression: string): void {
    if (!cron.validate(expression)) throw new Error(`invalid cron expression for ${job.name}: "${expression}"`);
    const task = cron.schedule(expression, () => void this.trigger(job), { name: job.name, noOverlap: false });
    this.tasks.push(task);
    this.log.info('job scheduled', { job: job.name, cron: expression });
  }

  /** Runs a job now unless it is already running; resolves when it finishes. */
  async trigger(job: Job): Promise<void> {
    if (this.inFlight.has(job.name)) {
      this.log.warn('job still running, tick skipped', { job: job.name });
      return;
    }
    const started = Date.now();
    const run = job
      .runOnce(this.clock())
      .then(() => this.log.debug('job done', { job: job.name, ms: Date.now() - started }))
      .catch((e: unknown) => this.log.error('job failed', { job: job.name, error: (e as Error).message }))
      .finally(() => this.inFlight.delete(job.name));
    this.inFlight.set(job.name, run);
    await run;
  }

  async stop(): Promise<void> {
    for (const t of this.tasks) await t.stop();
    await Promise.all(this.inFlight.values());
  }
}
