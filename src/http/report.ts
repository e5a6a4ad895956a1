/**
 * The post-execution review of one plan as the API and `govbridge report` give it: the pure
 * review (src/domain/review.ts) fed from the read model and the chain's current prices.
 */
import { bpsToPercent, reviewPlan, type PlanReview } from '../domain/review';
import type { PriceSource, ReadModel } from './ports';
import { executedTranches } from './progress';

export interface PlanReport {
  planId: string;
  title: string;
  state: string;
  at: string;
  review: PlanReview;
  /** Prices the chain could not give, in words; the matching values are null. */
  warnings: string[];
}

export async function buildReport(read: ReadModel, prices: PriceSource, planId: string, now: Date): Promise<PlanReport | undefined> {
  const view = await read.plan(planId);
  if (!view) return undefined;
  const warnings: string[] = [];
  const priceMap = new Map<number, bigint>();
  for (const a of view.plan.allocations.filter((x) => x.mode === 'dca')) {
    try {
      priceMap.set(a.netuid, await prices.alphaPrice(a.netuid));
    } catch (e) {
      warnings.push(`no current price for SN${a.netuid}: ${(e as Error).message}`);
    }
  }
  return {
    planId: view.id,
    title: view.title,
    state: view.state,
    at: now.toISOString(),
    review: reviewPlan(view.plan, executedTranches(await read.tranches(planId)), priceMap),
    warnings,
  };
}

/**
 * Prices remembered for `ttlMs`, so a dashboard refreshing every few seconds (times every open
 * browser) does not turn into a runtime-API call per subnet per refresh. Failures are not kept.
 */
export function cachedPrices(source: PriceSource, ttlMs: number, clock: () => number = Date.now): PriceSource {
  const memo = new Map<number, { at: number; price: Promise<bigint> }>();
  return {
    alphaPrice(netuid) {
      const hit = memo.get(netuid);
      if (hit && clock() - hit.at < ttlMs) return hit.price;
      const price = source.alphaPrice(netuid);
      memo.set(netuid, { at: clock(), price });
      price.catch(() => memo.delete(netuid));
      return price;
    },
  };
}

/** The report with a `changePercent` beside each basis-point figure, for people. */
export function reportJson(r: PlanReport): unknown {
  const pct = (b: bigint | null) => (b === null ? null : bpsToPercent(b));
  return {
    ...r,
    review: {
      ...r.review,
      subnets: r.review.subnets.map((s) => ({ ...s, changePercent: pct(s.changeBps) })),
      totals: { ...r.review.totals, changePercent: pct(r.review.totals.changeBps) },
    },
  };
}
