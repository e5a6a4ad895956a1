import type { ExecutorPlans, RunnablePlan } from '../executor/plans';
import type { PlanState } from '../domain/lifecycle';
import type { PlanStore } from '../store/plans';
import type { Governance } from './governance';

/**
 * The executor's view of the lifecycle store. Activation and completion go through the
 * governance engine, so they are checked transitions with an audit line like any other.
 */
export class LifecycleExecutorPlans implements ExecutorPlans {
  constructor(
    private readonly plans: PlanStore,
    private readonly governance: Governance,
    /** Why an accepted plan may not activate yet (its signed original is unchecked), or null. */
    private readonly activationBlocker: (planId: string) => string | null = () => null,
  ) {}

  /** Accepted plans still held by the signed-original check are left out: they wait, with a note. */
  runnable(): RunnablePlan[] {
    const plans = this.plans
      .list(['accepted', 'active', 'halted'])
      .filter((p) => p.state !== 'accepted' || this.activationBlocker(p.id) === null);
    return plans.map((p) => ({
      id: p.id,
      proposalId: p.id,
      plan: p.plan,
      cadence: p.cadence,
      activatedAt: p.activatedAt,
      state: p.state as RunnablePlan['state'],
    }));
  }

  state(planId: string): PlanState | null {
    return this.plans.get(planId)?.state ?? null;
  }

  activate(planId: string, now: Date): void {
    this.governance.move(planId, 'accepted', 'activate', 'executor', 'phase 1 done: root share at root, DCA budget free', now);
  }

  /** What activation waits for (funds, hotkeys, authority), shown to operators; null once it is done. */
  waiting(planId: string, why: string | null, now: Date): void {
    if (this.plans.get(planId)?.waiting !== why) this.plans.setWaiting(planId, why, now);
  }

  complete(planId: string, now: Date): void {
    this.governance.move(planId, 'active', 'complete', 'executor', 'every tranche finalized', now);
  }
}
