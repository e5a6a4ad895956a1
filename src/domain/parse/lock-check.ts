import type { PlanFacts } from './facts';
import { issue, type ParseIssue } from './issues';
import { LOCK_HINT } from './lock';

/**
 * A plan whose text speaks of a lock is never executable without one: each way the lock could
 * come out empty or contradict itself is an error naming the sentence. `lockDuration` is the one
 * duration stated for the lock (null when none or several), `dca` the plan's DCA.
 */
export function lockProblems(facts: PlanFacts, lockDuration: string | null, dca: { duration: string } | null): ParseIssue[] {
  const errors: ParseIssue[] = [];
  for (const w of facts.lockToDcaEnd) {
    if (!dca)
      errors.push(
        issue(w.line, w.text, 'the lock is to last until the end of the DCA, but the plan has no DCA; state how long the lock lasts'),
      );
    else if (lockDuration !== null && lockDuration !== dca.duration) {
      errors.push(
        issue(
          w.line,
          w.text,
          `the lock is said to last until the end of the DCA (${dca.duration}) and also ${lockDuration}; state one duration`,
        ),
      );
    }
  }
  if (!dca && lockDuration === null) {
    for (const w of facts.lockImplied)
      errors.push(
        issue(
          w.line,
          w.text,
          `"no interim votes" lasts as long as the DCA, but the plan has no DCA; ${LOCK_HINT.replace(' or "locked until the end of the DCA"', '')}`,
        ),
      );
  }
  const locked = lockDuration ?? ((facts.lockImplied.length > 0 || facts.lockToDcaEnd.length > 0) && dca ? dca.duration : null);
  if (locked !== null) {
    for (const w of facts.lockDenied)
      errors.push(issue(w.line, w.text, `the proposal says it has no lock here, but elsewhere that it is locked for ${locked}; state one`));
  }
  const reported = new Set([...errors, ...facts.clauseErrors].map((e) => e.line));
  const stated = lockDuration !== null || (dca !== null && (facts.lockImplied.length > 0 || facts.lockToDcaEnd.length > 0));
  if (!stated && facts.lockDurations.length <= 1) {
    for (const w of facts.lockMentions) {
      if (!reported.has(w.line)) errors.push(issue(w.line, w.text, `a lock is stated here but none could be read; ${LOCK_HINT}`));
    }
  }
  return errors;
}
