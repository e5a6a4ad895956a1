import type { AllocationPlan } from '../domain/plan';
import type { PlanState } from '../domain/lifecycle';

/** A plan the executor may have work for: accepted (waiting for phase 1), active or halted. */
export interface RunnablePlan {
  id: string;
  proposalId: string;
  plan: AllocationPlan;
  /** The cadence configuration picked among the plan's allowed cadences (P1D, P1W). */
  cadence: string;
  /** Set once phase 1 is done; the schedule is computed from it. */
  activatedAt: Date | null;
  state: 'accepted' | 'active' | 'halted';
}

/**
 * What the executor needs from the plan store, and nothing more. The lifecycle store implements
 * it; the executor never writes plan state except through activate and complete.
 */
export interface ExecutorPlans {
  runnable(now: Date): Promise<RunnablePlan[]>;
  /** The state now, re-read right before sending so a halt during a tick still stops it. */
  state(planId: string): Promise<PlanState | null>;
  activate(planId: string, now: Date): Promise<void>;
  /** Optional: what an accepted plan waits for before it can activate (null once it no longer waits). */
  waiting?(planId: string, why: string | null, now: Date): Promise<void>;
  complete(planId: string, now: Date): Promise<void>;
}
