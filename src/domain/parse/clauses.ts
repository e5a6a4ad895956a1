import type { PlanFacts, Where } from './facts';
import { issue } from './issues';
import { EMERGENCY_HINT, LOCK_HINT, type LockReading } from './lock';
import { UNKNOWN_CADENCE, type Durations } from './statements';
import { AMOUNT } from './values';

/**
 * No governance sentence is dropped in silence: what one sentence said about the lock, the
 * change rules, the schedule or the total and that no reader turned into a field is reported
 * here. For the safety terms (lock, changes, emergency) that is an error, for the rest a warning.
 */
export interface SentenceRead {
  lock: LockReading;
  durations: Durations;
  cadences: number;
  totals: number;
  figure: boolean;
  onAllocation: boolean;
  /** A heading names a topic ("## Lock period"); the sentences under it state the rule. */
  heading: boolean;
}

const DCA_TALK = /\bDCA\b|\bdollar[- ]cost\b|\btranches?\b|\bpurchases\b/i;
const TIME_TALK = /\b(?:days?|weeks?|months?|years?|daily|weekly|monthly|fortnight\w*)\b/i;
const TOTAL_TALK = /\btotal\b|\btreasury\b/i;

export function readClauses(sentence: string, where: Where, r: SentenceRead, facts: PlanFacts): void {
  const error = (message: string) => facts.clauseErrors.push(issue(where.line, where.text, message));
  const warn = (message: string) => facts.clauseWarnings.push(issue(where.line, where.text, message));
  for (const p of r.durations.problems) error(p.value);
  if (r.lock.denied) facts.lockDenied.push(where);
  if (r.lock.at.length > 0) {
    facts.lockMentions.push(where);
    if (r.lock.toDcaEnd) facts.lockToDcaEnd.push(where);
    else if (r.lock.legacyImplied && r.durations.lock.length === 0) facts.lockImplied.push(where);
    else if (r.durations.lock.length === 0 && r.durations.problems.length === 0 && !r.heading)
      error(`a lock or change rule is stated, but not for how long; ${LOCK_HINT}`);
  }
  if (r.lock.emergencyUnread && !r.heading) error(`an emergency rule that govbridge cannot read: ${EMERGENCY_HINT}`);
  const aboutDca = DCA_TALK.test(sentence);
  const unknownCadence = aboutDca ? UNKNOWN_CADENCE.exec(sentence) : null;
  if (unknownCadence)
    warn(`"${unknownCadence[0]}" is not a cadence govbridge can run (daily, weekly, fortnightly or monthly); it was not read`);
  const readAny =
    r.durations.dca.length + r.durations.lock.length + r.cadences + r.totals > 0 || r.figure || r.lock.at.length > 0 || r.lock.denied;
  if (!readAny && !r.onAllocation && !unknownCadence && aboutDca && TIME_TALK.test(sentence)) {
    warn('this sentence speaks of the DCA schedule, but no duration or cadence could be read from it');
  }
  if (!readAny && !r.onAllocation && TOTAL_TALK.test(sentence) && AMOUNT.test(sentence)) {
    warn('this sentence speaks of a total, but it was not read as the plan\'s total; write "Total: 884 TAO"');
  }
}
