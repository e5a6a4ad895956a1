import { err, ok, type Result } from '../result';

import { addDuration } from './duration';

/**
 * A plan's life: detected → rejected | blocked | accepted → active → completed;
 * accepted → rejected (quarantined before activation);
 * active ↔ halted; active | halted → cancelled. `blocked` is a passed proposal that arrived while
 * another plan was locked: it is final and never executed, even after the lock ends.
 * `stale` is a passed proposal this store first saw long after its vote ended: it
 * waits for a signed ops adopt (or an emergency proposal) → accepted, or is cancelled.
 */
export type PlanState = 'detected' | 'rejected' | 'blocked' | 'stale' | 'accepted' | 'active' | 'halted' | 'completed' | 'cancelled';

export type PlanEvent = 'reject' | 'block' | 'stale' | 'adopt' | 'accept' | 'activate' | 'complete' | 'halt' | 'resume' | 'cancel';

const TRANSITIONS: Record<PlanEvent, Partial<Record<PlanState, PlanState>>> = {
  // An accepted plan that never ran is rejected when its body proves not to be the author's.
  reject: { detected: 'rejected', accepted: 'rejected' },
  block: { detected: 'blocked' },
  stale: { detected: 'stale' },
  // An adopted plan still runs phase 1 from what the chain holds, so it re-enters as accepted
  // and the executor activates it on its next tick.
  adopt: { stale: 'accepted' },
  accept: { detected: 'accepted' },
  activate: { accepted: 'active' },
  complete: { active: 'completed' },
  halt: { active: 'halted' },
  resume: { halted: 'active' },
  cancel: { active: 'cancelled', halted: 'cancelled', stale: 'cancelled' },
};

export const TERMINAL_STATES: readonly PlanState[] = ['rejected', 'blocked', 'completed', 'cancelled'];

export function transition(from: PlanState, event: PlanEvent): Result<PlanState> {
  const to = TRANSITIONS[event][from];
  return to ? ok(to) : err(`cannot ${event} a plan that is ${from}`);
}

/** States in which a plan holds the treasury: a later ordinary proposal must not touch it. */
export const HOLDS_TREASURY: readonly PlanState[] = ['accepted', 'active', 'halted'];

export const STALE_REASON = 'a store that first sees a vote this late cannot know what an earlier installation already executed';

/**
 * Whether a passed vote is too old to activate by itself (after Compound Timelock's grace
 * period): it ended more than `grace` (an ISO duration) before this store first saw it. Returns
 * the reason to show, or null when the plan may activate.
 */
export function staleness(voteEndSeconds: number, firstSeen: Date, grace: string): string | null {
  const deadline = addDuration(new Date(voteEndSeconds * 1000), grace);
  if (firstSeen.getTime() <= deadline.getTime()) return null;
  const days = Math.floor((firstSeen.getTime() - voteEndSeconds * 1000) / 86_400_000);
  return `stale: the vote ended ${days} day(s) before this store first saw it (grace ${grace}); ${STALE_REASON}; adopt it with signed ops requests or an emergency proposal`;
}

export interface LockView {
  state: PlanState;
  /** Unix seconds when the plan's own vote ended. */
  proposalEnd: number;
  activatedAt: Date | null;
  lockEndsAt: Date | null;
}

/**
 * Whether plan A's lock blocks an ordinary proposal that passed at `passedAt` (Unix s). The lock
 * runs from activation to activation + lock duration; a plan accepted but not yet activated
 * locks too, since its lock has not even started and a rival plan must not slip in first. A
 * completed plan still locks until its lock ends; a cancelled one no longer does.
 */
export function blocksProposal(plan: LockView, passedAt: number): boolean {
  if (passedAt <= plan.proposalEnd) return false;
  if (plan.state === 'completed') return plan.lockEndsAt !== null && passedAt * 1000 < plan.lockEndsAt.getTime();
  if (!HOLDS_TREASURY.includes(plan.state)) return false;
  if (plan.activatedAt === null) return true;
  return plan.lockEndsAt !== null && passedAt * 1000 < plan.lockEndsAt.getTime();
}
