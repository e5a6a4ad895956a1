import { Prng, deriveSeed } from './prng';
import { moveToPrice, poolPrice, type Pool } from './pool';

/**
 * Other traders' flow for one subnet: a geometric random walk of the price, applied as net
 * trades along the pool's curve in fixed time steps. The shocks are drawn per step from a
 * stream seeded by (seed, netuid), so the outside market's path up to a time is the same
 * whether the chain is looked at every minute or once a month; only our own trades differ.
 */
export interface MarketOptions {
  /** Standard deviation of the log price over one day (0.04 = about 4 % a day). */
  volatilityPerDay: number;
  /** Drift of the log price per day. */
  driftPerDay: number;
  stepSeconds: number;
}

export interface MarketSnapshot {
  rng: number;
  lastStep: number;
  twapSum: number;
  twapSeconds: number;
}

export class SubnetMarket {
  private readonly rng: Prng;
  private lastStep: number;
  /** Time-weighted price accounting since `resetTwap` (floats: a statistic, not money). */
  private twapSum = 0;
  private twapSeconds = 0;

  constructor(
    seed: number,
    readonly netuid: number,
    private readonly opts: MarketOptions,
    nowMs: number,
  ) {
    this.rng = new Prng(deriveSeed(seed, netuid));
    this.lastStep = Math.floor(nowMs / 1000 / opts.stepSeconds);
  }

  /** Applies every whole step elapsed up to `nowMs` to the pool and returns the moved pool. */
  advance(pool: Pool, nowMs: number): Pool {
    const target = Math.floor(nowMs / 1000 / this.opts.stepSeconds);
    if (target <= this.lastStep) return pool;
    const days = this.opts.stepSeconds / 86400;
    const sigma = this.opts.volatilityPerDay * Math.sqrt(days);
    const mu = this.opts.driftPerDay * days - (sigma * sigma) / 2;
    let price = Number(poolPrice(pool));
    const start = price;
    for (let s = this.lastStep; s < target; s++) {
      this.twapSum += price * this.opts.stepSeconds;
      this.twapSeconds += this.opts.stepSeconds;
      price *= Math.exp(mu + sigma * this.rng.normal());
    }
    this.lastStep = target;
    const ratio = price / start;
    if (!Number.isFinite(ratio) || ratio <= 0) return pool;
    const ppb = BigInt(Math.round(ratio * 1e9));
    return moveToPrice(pool, (poolPrice(pool) * ppb) / 1_000_000_000n);
  }

  /** The market's position (random stream, last step, TWAP sums), for a saved dry-run world. */
  snapshot(): MarketSnapshot {
    return { rng: this.rng.position, lastStep: this.lastStep, twapSum: this.twapSum, twapSeconds: this.twapSeconds };
  }

  restore(s: MarketSnapshot): void {
    this.rng.position = s.rng;
    this.lastStep = s.lastStep;
    this.twapSum = s.twapSum;
    this.twapSeconds = s.twapSeconds;
  }

  resetTwap(): void {
    this.twapSum = 0;
    this.twapSeconds = 0;
  }

  /** Time-weighted average price (RAO per alpha) since the last reset, or the spot price. */
  twap(pool: Pool): number {
    return this.twapSeconds === 0 ? Number(poolPrice(pool)) : this.twapSum / this.twapSeconds;
  }
}
