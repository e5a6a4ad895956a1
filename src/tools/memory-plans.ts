import type { AllocationPlan } from '../domain/plan';
import type { PlanState } from '../domain/lifecycle';
import type { ExecutorPlans, RunnablePlan } from '../executor/plans';

/**
 * Plans held in memory, for runs that have no lifecycle store: `govbridge simulate`, the
 * benchmark and tests. It follows the lifecycle's moves (accepted → active → completed, halt and
 * resume by `set`) and refuses the others, like the real store.
 */
export class MemoryPlans implements ExecutorPlans {
  private readonly plans = new Map<string, { p: Omit<RunnablePlan, 'state'>; state: PlanState }>();
  /** What each accepted plan waits for, as the executor last said. */
  readonly waits = new Map<string, string>();

  add(id: string, plan: AllocationPlan, cadence = 'P1D', state: PlanState = 'accepted'): void {
    this.plans.set(id, { p: { id, proposalId: id, plan, cadence, activatedAt: null }, state });
  }

  // The port's methods are async because the real store's are; these resolve at once.
  runnable(): Promise<RunnablePlan[]> {
    return Promise.resolve(this.list());
  }

  private list(): RunnablePlan[] {
    return [...this.plans.values()]
      .filter((x) => x.state === 'accepted' || x.state === 'active' || x.state === 'halted')
      .map((x) => ({ ...x.p, state: x.state as RunnablePlan['state'] }));
  }

  state(id: string): Promise<PlanState | null> {
    return Promise.resolve(this.plans.get(id)?.state ?? null);
  }

  activatedAt(id: string): Date | null {
    return this.plans.get(id)?.p.activatedAt ?? null;
  }

  /** Sets a state directly, as a halt, resume or cancel from governance would. */
  set(id: string, state: PlanState): void {
    this.entry(id).state = state;
  }

  waiting(id: string, why: string | null): Promise<void> {
    if (why === null) this.waits.delete(id);
    else this.waits.set(id, why);
    return Promise.resolve();
  }

  activate(id: string, now: Date): Promise<void> {
    const x = this.plans.get(id);
    if (!x) return Promise.reject(new Error(`unknown plan ${id}`));
    if (x.state !== 'accepted') return Promise.reject(new Error(`cannot activate a ${x.state} plan`));
    x.state = 'active';
    x.p.activatedAt = now;
    return Promise.resolve();
  }

  complete(id: string): Promise<void> {
    const x = this.plans.get(id);
    if (!x) return Promise.reject(new Error(`unknown plan ${id}`));
    if (x.state !== 'active') return Promise.reject(new Error(`cannot complete a ${x.state} plan`));
    x.state = 'completed';
    return Promise.resolve();
  }

  private entry(id: string) {
    const x = this.plans.get(id);
    if (!x) throw new Error(`unknown plan ${id}`);
    return x;
  }
}
