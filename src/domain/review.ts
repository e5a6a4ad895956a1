/**
 * The post-execution review (pure): for each subnet of a plan, what was deployed, what it bought,
 * at what average price, and what it is worth now; and the root share beside it. All exact
 * bigint arithmetic: prices are RAO per alpha (10^9 = 1 TAO per alpha), values round down.
 */
import { RAO_PER_TAO, type AllocationPlan } from './plan';

export interface ExecutedTranche {
  netuid: number;
  /** TAO that went into the pool (StakeAdded tao), RAO. */
  taoRao: bigint;
  alpha: bigint;
  feeRao: bigint;
  /** What left the treasury for it (the tranche amount); taoRao + feeRao when not given. */
  sentRao?: bigint;
}

export interface SubnetReview {
  netuid: number;
  name: string;
  plannedRao: bigint;
  /** What left the treasury: staked after fees plus the fees. */
  sentRao: bigint;
  /** TAO staked after fees (StakeAdded tao). */
  deployedRao: bigint;
  feesRao: bigint;
  alphaReceived: bigint;
  tranches: number;
  /** RAO per alpha, floor(deployed × 10^9 / alpha); null before any alpha was received. */
  averageEntryPrice: bigint | null;
  currentPrice: bigint | null;
  /** floor(alpha × currentPrice / 10^9); null without a current price. */
  currentValueRao: bigint | null;
  changeRao: bigint | null;
  /** Change vs entry in basis points of deployed, truncated toward zero. */
  changeBps: bigint | null;
}

export interface PlanReview {
  subnets: SubnetReview[];
  root: { plannedRao: bigint; valueRao: bigint };
  totals: {
    sentRao: bigint;
    feesRao: bigint;
    deployedRao: bigint;
    currentValueRao: bigint | null;
    changeRao: bigint | null;
    changeBps: bigint | null;
  };
}

export function bps(part: bigint, whole: bigint): bigint | null {
  return whole === 0n ? null : (part * 10_000n) / whole;
}

/** "-3.25" from -325 bps: a percent with two decimals, exact. */
export function bpsToPercent(b: bigint): string {
  const neg = b < 0n;
  const a = neg ? -b : b;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/**
 * Builds the review from the plan, its executed (finalized) tranches and current prices.
 * `rootValueRao` is the root stake as the chain reports it now; without it the planned root
 * share stands in (root stake is TAO-denominated).
 */
export function reviewPlan(
  plan: AllocationPlan,
  executed: ExecutedTranche[],
  prices: ReadonlyMap<number, bigint>,
  rootValueRao?: bigint,
): PlanReview {
  const subnets = plan.allocations
    .filter((a) => a.mode === 'dca')
    .map((a): SubnetReview => {
      const mine = executed.filter((t) => t.netuid === a.netuid);
      const deployedRao = mine.reduce((s, t) => s + t.taoRao, 0n);
      const alphaReceived = mine.reduce((s, t) => s + t.alpha, 0n);
      const currentPrice = prices.get(a.netuid) ?? null;
      const currentValueRao = currentPrice === null ? null : (alphaReceived * currentPrice) / RAO_PER_TAO;
      const changeRao = currentValueRao === null ? null : currentValueRao - deployedRao;
      return {
        netuid: a.netuid,
        name: a.name,
        plannedRao: a.rao,
        sentRao: mine.reduce((s, t) => s + (t.sentRao ?? t.taoRao + t.feeRao), 0n),
        deployedRao,
        feesRao: mine.reduce((s, t) => s + t.feeRao, 0n),
        alphaReceived,
        tranches: mine.length,
        averageEntryPrice: alphaReceived === 0n ? null : (deployedRao * RAO_PER_TAO) / alphaReceived,
        currentPrice,
        currentValueRao,
        changeRao,
        changeBps: changeRao === null ? null : bps(changeRao, deployedRao),
      };
    });
  const rootPlanned = plan.allocations.filter((a) => a.mode === 'hold').reduce((s, a) => s + a.rao, 0n);
  const deployedRao = subnets.reduce((s, r) => s + r.deployedRao, 0n);
  const priced = subnets.every((r) => r.currentValueRao !== null);
  const currentValueRao = priced ? subnets.reduce((s, r) => s + (r.currentValueRao ?? 0n), 0n) : null;
  const changeRao = currentValueRao === null ? null : currentValueRao - deployedRao;
  return {
    subnets,
    root: { plannedRao: rootPlanned, valueRao: rootValueRao ?? rootPlanned },
    totals: {
      sentRao: subnets.reduce((s, r) => s + r.sentRao, 0n),
      feesRao: subnets.reduce((s, r) => s + r.feesRao, 0n),
      deployedRao,
      currentValueRao,
      changeRao,
      changeBps: changeRao === null ? null : bps(changeRao, deployedRao),
    },
  };
}
