import type { Problem } from '../domain/problem';
import type { StoreProblem } from '../store/problem';
import type { Job } from './job';

/**
 * What a job's report may say went wrong: one error with its label (the poller's), or problems
 * with codes (the executor's tick).
 */
type JobOutcome = { error?: string | null; errorKind?: string | null; problems?: Problem[]; skipped?: string } | undefined;

/** Where a failure goes: the store's counter and health, or the job's own error counter. */
type Failure = { store: StoreProblem; message: string } | { label: string; message: string };

/** The store problem a `store:<problem>` label or a `<job>.store.<problem>` code names, or null. */
function storeProblem(labelOrCode: string): StoreProblem | null {
  if (labelOrCode.startsWith('store:')) return labelOrCode.slice('store:'.length) as StoreProblem;
  const [, family, ...rest] = labelOrCode.split('.');
  return family === 'store' && rest.length > 0 ? (rest.join('.') as StoreProblem) : null;
}

/**
 * The metric label of a problem code: the code without the job's family (`tick.`), and a chain
 * error without `chain.` too, so that the chain counter is labelled by ChainErrorKind
 * (`tick.chain.timeout` → `timeout`, `tick.internal` → `internal`).
 */
export function labelOf(code: string): string {
  const inJob = code.includes('.') ? code.slice(code.indexOf('.') + 1) : code;
  return inJob.startsWith('chain.') ? inJob.slice('chain.'.length) : inJob;
}

function failuresOf(report: JobOutcome): Failure[] {
  const out: Failure[] = [];
  if (report?.error) {
    const label = report.errorKind ?? 'unknown';
    const store = storeProblem(label);
    out.push(store ? { store, message: report.error } : { label, message: report.error });
  }
  for (const p of report?.problems ?? []) {
    const store = storeProblem(p.code);
    out.push(store ? { store, message: p.message } : { label: labelOf(p.code), message: p.message });
  }
  return out;
}

/**
 * A job wrapped so that its outcome also lands in the metrics: a success time, or each error by
 * its label. Store errors (a `store:<problem>` label, a `<job>.store.<problem>` code: disk full,
 * ...) go to `onStoreError`, never to the job's own error counter. A run skipped by the store
 * guard is neither a success nor an error of the job.
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
      const failures = failuresOf(report);
      if (failures.length === 0) onOk(now);
      for (const f of failures) {
        if ('store' in f) onStoreError(f.store, f.message);
        else onError(f.label, f.message, now);
      }
      return report;
    },
  };
}
