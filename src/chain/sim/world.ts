import type { ChainError, Inclusion } from '../port';
import type { Pool } from './pool';
import type { MarketSnapshot } from './market';

/**
 * Everything a dry-run chain holds, as plain JSON: balances, stakes, pools, nonces, included
 * transactions, the staking rate-limit memory and each market's random stream. Saved after
 * every transaction and tick, it lets a restarted or taken-over demo continue the same world.
 */
export interface WorldSnapshot {
  version: 1;
  seed: number;
  balances: [string, bigint][];
  stakes: [string, bigint][];
  pools: [number, Pool][];
  markets: [number, MarketSnapshot][];
  nonces: [string, number][];
  included: [string, { inclusion: Inclusion; failure?: ChainError }][];
  lastOps: [string, { block: number; adds: boolean }][];
  prepareCount: number;
}

/** JSON with bigints kept exact: written as {"$big": "123"} and read back as 123n. */
export function encodeWorld(w: WorldSnapshot): string {
  return JSON.stringify(w, (_k, v: unknown) => (typeof v === 'bigint' ? { $big: v.toString() } : v));
}

export function decodeWorld(text: string): WorldSnapshot {
  const w = JSON.parse(text, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $big?: unknown }).$big === 'string'
      ? BigInt((v as { $big: string }).$big)
      : v,
  ) as WorldSnapshot;
  if (w.version !== 1) throw new Error(`dry-run world version ${String(w.version)} is not supported`);
  return w;
}
