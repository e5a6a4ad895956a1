/** The checks behind the service's /ready: the store, the chain, the hub, the plans' tranches, the jobs. */
import type { Config } from '../config/schema';
import type { ReadinessCheck } from '../http/server';
import { failingStreak } from '../http/trouble';
import type { Components } from '../wiring/components';

export function serviceReadiness(config: Config, c: Components, started: () => boolean): ReadinessCheck[] {
  const failingPlans = async (): Promise<string[]> => {
    const failing: string[] = [];
    for (const p of await c.read.plans())
      if (p.state === 'active' && failingStreak(await c.read.tranches(p.id), config.executor.failingAfter)) failing.push(p.id);
    return failing;
  };
  return [
    {
      name: 'store',
      check: async () => {
        const s = await c.storeHealth.check(c.clock());
        return { ok: s.ok, problem: s.problem };
      },
    },
    { name: 'chain', check: async () => (await c.chain.bestBlock()) >= 0 },
    // Cleared by the first request to the hub that succeeds, set by one that fails.
    { name: 'hub', check: () => c.sourceHealth.healthy() },
    // Not ready while an active plan's recent tranches all fail: an operator must look.
    { name: 'tranches', check: async () => (await failingPlans()).length === 0 },
    // False while the service starts: the lease is being taken and the jobs are not scheduled yet.
    { name: 'jobs', check: () => started() },
  ];
}
