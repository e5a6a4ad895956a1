import type { ExecutorPlans, RunnablePlan } from '../executor/plans';
import type { PlanState } from '../domain/lifecycle';
import type { PlanStore } from '../store/plans';
import type { Governance } from '../governance/governance';

/**
 * The executor's view of the lifecycle store. Activation and completion go through the
 * governance engine, so they are checked transitions with an audit line like any other.
 */
export class LifecycleExecutorPlans implements ExecutorPlans {
  constructor(
    private readonly plans: PlanStore,
    private readonly governance: Governance,
    /** Why an accepted plan may not activate yet (its signed original is unchecked), or null. */
    private readonly activationBlocker: (planId: string) => Promise<string | null> = () => Promise.resolve(null),
  ) {}

  /** Accepted plans still held by the signed-original check are left out: they wait, with a note. */
  async runnable(): Promise<RunnablePlan[]> {
    const out: RunnablePlan[] = [];
    for (const p of await this.plans.list(['accepted', 'active', 'halted'])) {
      if (p.state === 'accepted' && (await this.activationBlocker(p.id)) !== null) continue;
      out.push({
        id: p.id,
        proposalId: p.id,
        plan: p.plan,
        cadence: p.cadence,
        activatedAt: p.activatedAt,
        state: p.state as RunnablePlan['state'],
      });
    }
    return out;
  }

  async state(planId: string): Promise<PlanState | null> {
    return (await this.plans.get(planId))?.state ?? null;
  }

  async activate(planId: string, now: Date): Promise<void> {
    await this.governance.move(planId, 'accepted', 'activate', 'executor', 'phase 1 done: root share at root, DCA budget free', now);
  }

  /** What activation waits for (funds, hotkeys, authority), shown to operators; null once it is done. */
  async waiting(planId: string, why: string | null, now: Date): Promise<void> {
    if ((await this.plans.get(planId))?.waiting !== why) await this.plans.setWaiting(planId, why, now);
  }

  async complete(planId: string, now: Date): Promise<void> {
    await this.governance.move(planId, 'active', 'complete', 'executor', 'every tranche finalized', now);
  }
}
