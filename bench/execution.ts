import type { AllocationPlan } from '../src/domain/plan';
import type { BenchRow } from './row';
import type { ExecutorSettings } from '../src/executor/executor';
import {
  marketTwap,
  simulateLumpSum,
  simulatePlan,
  type MarketOptions,
  type SimulationOptions,
  type SubnetResult,
} from '../src/tools/simulation';

const TAO = 1_000_000_000n;

/** The seed proposal's plan (ROKO #39): 663 TAO held at root, 5 × 44.2 TAO bought over P2M. */
export function seedPlan(): AllocationPlan {
  const dca = (netuid: number) => ({ netuid, name: `SN${netuid}`, percent: '5', rao: 44_200_000_000n, mode: 'dca' as const });
  return {
    version: 1,
    kind: 'allocation',
    totalRao: 884n * TAO,
    allocations: [{ netuid: 0, name: 'Root', percent: '75', rao: 663n * TAO, mode: 'hold' }, ...[51, 64, 19, 4, 27].map(dca)],
    dca: { duration: 'P2M', cadences: ['P1D', 'P1W'] },
    lock: { duration: 'P2M' },
    source: 'prose',
    warnings: [],
  };
}

const SETTINGS: ExecutorSettings = {
  strategy: 'uniform',
  maxSlippage: '0.02',
  maxPriceRetries: 3,
  priceAware: { minFactor: '0.5', maxFactor: '2', window: 7 },
  caps: { perTick: 100n * TAO, perDay: 100n * TAO },
};
/** Small subnets: 5 000 TAO of depth, 4 % daily volatility, one market step an hour. */
const MARKET: MarketOptions = { defaultDepthRao: 5_000n * TAO, volatilityPerDay: 0.04, stepSeconds: 3600 };
const START = new Date('2025-02-14T00:00:00Z');

type Strategy = 'daily' | 'weekly' | 'price-aware' | 'lump-sum';

interface Acc {
  relPrice: number;
  impact: number;
  n: number;
}

/**
 * Issue 9, item 1: the seed plan over many random price paths (a geometric random walk applied
 * as other traders' flow through each subnet's constant-product pool), executed by the real
 * executor on the dry-run chain. For daily, weekly, price-aware daily and a lump sum at
 * activation it reports the average entry price relative to the market's own time-weighted
 * price over the period (no trade of ours in it) and the average price impact of our buys.
 */
export async function benchExecution(paths = 200): Promise<BenchRow[]> {
  const acc = new Map<Strategy, Acc>(
    (['daily', 'weekly', 'price-aware', 'lump-sum'] as Strategy[]).map((s) => [s, { relPrice: 0, impact: 0, n: 0 }]),
  );
  const add = (s: Strategy, results: SubnetResult[], twap: Map<number, number>) => {
    const a = acc.get(s)!;
    for (const r of results) {
      a.relPrice += Number(r.avgPrice) / twap.get(r.netuid)!;
      a.impact += r.impactBps;
      a.n++;
    }
  };
  for (let seed = 1; seed <= paths; seed++) {
    const base: SimulationOptions = { plan: seedPlan(), start: START, cadence: 'P1D', seed, settings: SETTINGS, market: MARKET };
    const daily = await simulatePlan(base);
    if (!daily.completed) throw new Error(`seed ${seed}: the daily plan did not complete`);
    const twap = marketTwap(
      base,
      daily.subnets.map((s) => s.netuid),
      new Date(daily.end!),
    );
    add('daily', daily.subnets, twap);
    add('weekly', (await simulatePlan({ ...base, cadence: 'P1W' })).subnets, twap);
    add('price-aware', (await simulatePlan({ ...base, settings: { ...SETTINGS, strategy: 'price-aware' } })).subnets, twap);
    add('lump-sum', await simulateLumpSum(base), twap);
  }
  const mean = (s: Strategy) => {
    const a = acc.get(s)!;
    return { rel: a.relPrice / a.n, impact: a.impact / a.n };
  };
  const lump = mean('lump-sum');
  const rows: BenchRow[] = [];
  for (const s of ['daily', 'weekly', 'price-aware', 'lump-sum'] as Strategy[]) {
    const m = mean(s);
    // Here ratio = lump sum ÷ govbridge: above 1, govbridge did better than the lump sum.
    const comparedWith = 'lump sum at activation; ratio = lump sum / this';
    rows.push({
      name: `execution.${s}.entryPriceVsTwap`,
      value: round(m.rel, 5),
      unit: 'x TWAP',
      baseline: round(lump.rel, 5),
      ratio: round(lump.rel / m.rel, 4),
      comparedWith,
    });
    rows.push({
      name: `execution.${s}.priceImpact`,
      value: round(m.impact, 3),
      unit: 'bps',
      baseline: round(lump.impact, 3),
      ratio: round(lump.impact / m.impact, 2),
      comparedWith,
    });
  }
  rows.push({
    name: 'execution.paths',
    value: paths,
    unit: 'paths',
    baseline: paths,
    ratio: 1,
    comparedWith: 'random price paths (seeds 1..n)',
  });
  return rows;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

if (require.main === module) {
  const n = Number(process.argv[2] ?? 200);
  const t = Date.now();
  void benchExecution(n).then((rows) => {
    console.table(rows);
    console.log(`${n} paths in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  });
}
