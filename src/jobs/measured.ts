import type { StoreProblem } from '../store/problem';
import type { Job } from './job';

/** A metric label from an error message: its first words, never its variable details. */
export const kindOf = (message: string): string => message.split(/[:(]/)[0]!.trim().slice(0, 40) || 'unknown';

type JobOutcome =
  { error?: string | null; errorKind?: string | null; errors?: string[]; errorKinds?: (string | null)[]; skipped?: string } | undefined;

/**
 * A job wrapped so that its outcome also lands in the metrics: a success time, or each error by
 * its label. Errors labelled `store:<problem>` are store errors (disk full, ...) and go to
 * `onStoreError`, never to the job's own error counter. A run skipped by the store guard is
 * neither a success nor an error of the job.
 */
export function measured(
  job: Job,
  onOk: (now: Date) => void,
  onError: (kind: string, message: string, now: Date) => void,
  onStoreError: (problem: StoreProblem, message: string) => void,
): Job {
  return {
    name: job.name,
    runOnce: async (now) => {
      const report = (await job.runOnce(now)) as JobOutcome;
      if (report?.skipped) return report;
      const failures: [string, string][] = [
        ...(report?.error ? [[report.errorKind ?? 'unknown', report.error] as [string, string]] : []),
        ...(report?.errors ?? []).map((m, i): [string, string] => [report?.errorKinds?.[i] ?? kindOf(m), m]),
      ];
      if (failures.length === 0) onOk(now);
      for (const [kind, message] of failures) {
        if (kind.startsWith('store:')) onStoreError(kind.slice('store:'.length) as StoreProblem, message);
        else onError(kind, message, now);
      }
      return report;
    },
  };
}
