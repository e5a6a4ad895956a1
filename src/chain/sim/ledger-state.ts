import type { ChainError, StakeAction, StakeEvent } from '../port';
import { MIN_TRANCHE_RAO } from '../../domain/plan';
import { PRICE_ONE, quoteBuy, quoteSell, type Pool } from './pool';

/** A named refusal, shaped like the real adapter's errors. */
export function chainError(kind: ChainError['kind'], name: string, message: string): ChainError {
  return { kind, name, message, priceRefusal: name === 'SlippageTooHigh' };
}

/** One executed buy, kept so the benchmark can measure entry price and impact. */
export interface TradeRecord {
  netuid: number;
  amountRao: bigint;
  alpha: bigint;
  priceBefore: bigint;
  priceAfter: bigint;
}

/**
 * Balances, stakes and pools of the simulated runtime. `apply` executes one action against a
 * copy-on-write view so that a batch_all either lands whole or not at all.
 */
export class SimState {
  constructor(
    readonly balances: Map<string, bigint>,
    readonly stakes: Map<string, bigint>,
    readonly pools: Map<number, Pool>,
  ) {}

  static key(hotkey: string, coldkey: string, netuid: number): string {
    return `${hotkey}|${coldkey}|${netuid}`;
  }

  clone(): SimState {
    return new SimState(new Map(this.balances), new Map(this.stakes), new Map(this.pools));
  }

  balance(account: string): bigint {
    return this.balances.get(account) ?? 0n;
  }

  stake(hotkey: string, coldkey: string, netuid: number): bigint {
    return this.stakes.get(SimState.key(hotkey, coldkey, netuid)) ?? 0n;
  }

  /** Root (netuid 0) is not a pool: TAO and root stake are one to one. */
  price(netuid: number): bigint {
    if (netuid === 0) return PRICE_ONE;
    const pool = this.pools.get(netuid);
    return pool ? (pool.taoRao * PRICE_ONE) / pool.alpha : 0n;
  }

  apply(
    coldkey: string,
    a: StakeAction,
    feePpm: bigint,
    trades: TradeRecord[],
  ): { ok: true; event: StakeEvent } | { ok: false; error: ChainError } {
    const key = SimState.key(a.hotkey, coldkey, a.netuid);
    if (a.kind === 'addStake' || a.kind === 'addStakeLimit') {
      if (a.amountRao < MIN_TRANCHE_RAO)
        return {
          ok: false,
          error: chainError('invalid-tx', 'StakeAmountTooLow', `stake of ${a.amountRao} RAO is under the minimum ${MIN_TRANCHE_RAO}`),
        };
      if (this.balance(coldkey) < a.amountRao)
        return {
          ok: false,
          error: chainError('module', 'NotEnoughBalanceToStake', `free balance ${this.balance(coldkey)} RAO < ${a.amountRao} RAO`),
        };
      let alpha = a.amountRao;
      let fee = 0n;
      if (a.netuid !== 0) {
        const pool = this.pools.get(a.netuid);
        if (!pool) return { ok: false, error: chainError('module', 'SubnetNotExists', `no subnet ${a.netuid}`) };
        const q = quoteBuy(pool, a.amountRao, feePpm);
        if (a.kind === 'addStakeLimit' && q.priceAfter > a.limitPrice) {
          return {
            ok: false,
            error: chainError('invalid-tx', 'SlippageTooHigh', `price after the buy ${q.priceAfter} > limit ${a.limitPrice}`),
          };
        }
        if (q.alphaOut === 0n) return { ok: false, error: chainError('invalid-tx', 'ZeroMaxAmount', 'the buy would receive no alpha') };
        this.pools.set(a.netuid, q.pool);
        trades.push({ netuid: a.netuid, amountRao: a.amountRao, alpha: q.alphaOut, priceBefore: q.priceBefore, priceAfter: q.priceAfter });
        alpha = q.alphaOut;
        fee = q.feeRao;
      }
      this.balances.set(coldkey, this.balance(coldkey) - a.amountRao);
      this.stakes.set(key, (this.stakes.get(key) ?? 0n) + alpha);
      return {
        ok: true,
        event: { kind: 'added', coldkey, hotkey: a.hotkey, netuid: a.netuid, taoRao: a.amountRao - fee, alpha, feeRao: fee },
      };
    }
    const held = this.stakes.get(key) ?? 0n;
    if (a.amountAlpha === 0n) return { ok: false, error: chainError('invalid-tx', 'ZeroMaxAmount', 'nothing to unstake') };
    if (held < a.amountAlpha)
      return { ok: false, error: chainError('invalid-tx', 'NotEnoughStakeToWithdraw', `staked ${held} < ${a.amountAlpha}`) };
    let tao = a.amountAlpha;
    let fee = 0n;
    if (a.netuid !== 0) {
      const pool = this.pools.get(a.netuid);
      if (!pool) return { ok: false, error: chainError('module', 'SubnetNotExists', `no subnet ${a.netuid}`) };
      const q = quoteSell(pool, a.amountAlpha, feePpm);
      const priceAfter = (q.pool.taoRao * PRICE_ONE) / q.pool.alpha;
      if (a.kind === 'removeStakeLimit' && priceAfter < a.limitPrice) {
        return {
          ok: false,
          error: chainError('invalid-tx', 'SlippageTooHigh', `price after the sale ${priceAfter} < limit ${a.limitPrice}`),
        };
      }
      this.pools.set(a.netuid, q.pool);
      tao = q.taoOut;
      fee = q.feeRao;
    }
    this.stakes.set(key, held - a.amountAlpha);
    this.balances.set(coldkey, this.balance(coldkey) + tao);
    return {
      ok: true,
      event: { kind: 'removed', coldkey, hotkey: a.hotkey, netuid: a.netuid, taoRao: tao, alpha: a.amountAlpha, feeRao: fee },
    };
  }
}
