import type { Pool } from './pool';
import { PRICE_ONE } from './pool';
import { deriveSeed, Prng } from './prng';
import { placeholderAddress } from './addresses';

export interface DryRunPoolSpec {
  netuid: number;
  /** TAO reserve in RAO: the pool's depth. */
  taoRao: bigint;
  /** Price in RAO per alpha; the alpha reserve follows from it. */
  price: bigint;
}

export interface DryRunOptions {
  seed: number;
  clock: () => Date;
  /** Pools to create; any other netuid gets a seeded default pool when first touched. */
  pools?: DryRunPoolSpec[];
  /** Depth of default pools (TAO reserve in RAO); default 20 000 TAO. */
  defaultDepthRao?: bigint;
  /** Swap fee in parts per million of the amount swapped; default 500 (0.05 %). */
  swapFeePpm?: bigint;
  /** Transaction fee charged to the signer per extrinsic; default 0.0001 TAO. */
  txFeeRao?: bigint;
  volatilityPerDay?: number;
  driftPerDay?: number;
  /** Length of one market step in seconds; default one hour. */
  stepSeconds?: number;
  /** The coldkey govbridge stakes for, and the key that signs (a Staking proxy). */
  treasury?: string;
  signer?: string;
  /** Initial free balances by account. */
  balances?: Record<string, bigint>;
  /** Initial root stake of the treasury (RAO), to the root hotkey. */
  treasuryRootStake?: bigint;
  rootHotkey?: string;
  /** Blocks a signed transaction stays valid for (mortal era); default 64. */
  eraLength?: number;
  /** Hotkeys reported as not registered by checkAuthority ("netuid:hotkey"). */
  unregistered?: string[];
}

export type ResolvedOptions = Required<Omit<DryRunOptions, 'pools' | 'unregistered' | 'rootHotkey'>> & {
  pools: DryRunPoolSpec[];
  unregistered: string[];
  rootHotkey: string | null;
};

export function resolveOptions(o: DryRunOptions): ResolvedOptions {
  const treasury = o.treasury ?? placeholderAddress('treasury');
  const signer = o.signer ?? placeholderAddress('signer');
  return {
    seed: o.seed,
    clock: o.clock,
    pools: o.pools ?? [],
    defaultDepthRao: o.defaultDepthRao ?? 20_000n * PRICE_ONE,
    swapFeePpm: o.swapFeePpm ?? 500n,
    txFeeRao: o.txFeeRao ?? 100_000n,
    volatilityPerDay: o.volatilityPerDay ?? 0.04,
    driftPerDay: o.driftPerDay ?? 0,
    stepSeconds: o.stepSeconds ?? 3600,
    treasury,
    signer,
    balances: { [signer]: 1_000n * PRICE_ONE, ...(o.balances ?? {}) },
    treasuryRootStake: o.treasuryRootStake ?? 0n,
    rootHotkey: o.rootHotkey ?? null,
    eraLength: o.eraLength ?? 64,
    unregistered: o.unregistered ?? [],
  };
}

/** A default pool for a netuid: depth from the options, price between 0.005 and 0.1 TAO, seeded. */
export function defaultPool(seed: number, netuid: number, depthRao: bigint): Pool {
  const r = new Prng(deriveSeed(seed ^ 0x5eed, netuid)).next();
  const price = BigInt(Math.round(5_000_000 + r * 95_000_000));
  return poolFromSpec({ netuid, taoRao: depthRao, price });
}

export function poolFromSpec(s: DryRunPoolSpec): Pool {
  return { taoRao: s.taoRao, alpha: (s.taoRao * PRICE_ONE) / s.price };
}
