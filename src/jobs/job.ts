/**
 * Every job is one runOnce(now) that cron, the CLI and tests all call. The poller and the executor
 * implement it; this file is the port they share with the scheduler, so neither imports cron.
 */
export interface Job {
  name: string;
  runOnce(now: Date): Promise<unknown>;
}
