import { err, ok, type Result } from '../result';

/**
 * A plan's life (issue 5): detected → rejected | blocked | accepted → active → completed;
 * accepted → rejected (quarantined before activation, issue 16);
 * active ↔ halted; active | halted → cancelled. `blocked` is a passed proposal that arrived while
 * another plan was locked: it is final and never executed, even after the lock ends.
 */
export type PlanState = 'detected' | 'rejected' | 'blocked' | 'accepted' | 'active' | 'halted' | 'completed' | 'cancelled';

export type PlanEvent = 'reject' | 'block' | 'accept' | 'activate' | 'complete' | 'halt' | 'resume' | 'cancel';

const TRANSITIONS: Record<PlanEvent, Partial<Record<PlanState, PlanState>>> = {
  // An accepted plan that never ran is rejected when its body proves not to be the author's.
  reject: { detected: 'rejected', accepted: 'rejected' },
  block: { detected: 'blocked' },
  accept: { detected: 'accepted' },
  activate: { accepted: 'active' },
  complete: { active: 'completed' },
  halt: { active: 'halted' },
  resume: { halted: 'active' },
  cancel: { active: 'cancelled', halted: 'cancelled' },
};

export const TERMINAL_STATES: readonly PlanState[] = ['rejected', 'blocked', 'completed', 'cancelled'];

export function transition(from: PlanState, event: PlanEvent): Result<PlanState> {
  const to = TRANSITIONS[event][from];
  return to ? ok(to) : err(`cannot ${event} a plan that is ${from}`);
}

/** States in which a plan holds the treasury: a later ordinary proposal must not touch it. */
export const HOLDS_TREASURY: readonly PlanState[] = ['accepted', 'active', 'halted'];

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
