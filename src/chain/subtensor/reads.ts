/** Chain reads: prices, pools, stake, balances, proxies, registration. */
import type { ApiPromise } from '@polkadot/api';
import { hasRuntimeCall, queryFn, runtimeCall, toBigInt } from './metadata';

export const RAO_PER_ALPHA_UNIT = 1_000_000_000n;

export interface Pool {
  taoRao: bigint;
  alphaIn: bigint;
}

export async function pool(api: ApiPromise, netuid: number): Promise<Pool> {
  const [tao, alpha] = await Promise.all([
    queryFn(api, 'subtensorModule', 'subnetTAO')(netuid),
    queryFn(api, 'subtensorModule', 'subnetAlphaIn')(netuid),
  ]);
  return { taoRao: toBigInt(tao), alphaIn: toBigInt(alpha) };
}

/**
 * RAO per alpha. The runtime API is the truth (it knows the swap's state); reserves are the
 * fallback for runtimes without it, which price a pool at SubnetTAO / SubnetAlphaIn.
 */
export async function alphaPrice(api: ApiPromise, netuid: number): Promise<bigint> {
  if (hasRuntimeCall(api, 'swapRuntimeApi', 'currentAlphaPrice')) {
    return toBigInt(await runtimeCall(api, 'swapRuntimeApi', 'currentAlphaPrice')(netuid));
  }
  if (netuid === 0) return RAO_PER_ALPHA_UNIT;
  const p = await pool(api, netuid);
  return p.alphaIn === 0n ? 0n : (p.taoRao * RAO_PER_ALPHA_UNIT) / p.alphaIn;
}

export async function freeBalance(api: ApiPromise, account: string): Promise<bigint> {
  const info = (await queryFn(api, 'system', 'account')(account)) as unknown as { data: { free: unknown } };
  return toBigInt(info.data.free);
}

export async function accountNonce(api: ApiPromise, account: string): Promise<number> {
  const info = (await queryFn(api, 'system', 'account')(account)) as unknown as { nonce: unknown };
  return Number(toBigInt(info.nonce));
}

/** Alpha held by coldkey through hotkey on netuid, as the runtime computes it from its share pools. */
export async function stake(api: ApiPromise, hotkey: string, coldkey: string, netuid: number): Promise<bigint> {
  const info = (await runtimeCall(api, 'stakeInfoRuntimeApi', 'getStakeInfoForHotkeyColdkeyNetuid')(
    hotkey,
    coldkey,
    netuid,
  )) as unknown as {
    isSome: boolean;
    unwrap(): { stake: unknown };
  };
  return info.isSome ? toBigInt(info.unwrap().stake) : 0n;
}

export interface ProxyDefinition {
  delegate: string;
  proxyType: string;
  delay: number;
}

export async function proxiesOf(api: ApiPromise, account: string): Promise<ProxyDefinition[]> {
  const raw = (await queryFn(api, 'proxy', 'proxies')(account)) as unknown as [
    { delegate: { toString(): string }; proxyType: { toString(): string }; delay: unknown }[],
    unknown,
  ];
  return raw[0].map((p) => ({ delegate: p.delegate.toString(), proxyType: p.proxyType.toString(), delay: Number(toBigInt(p.delay)) }));
}

export async function subnetExists(api: ApiPromise, netuid: number): Promise<boolean> {
  return ((await queryFn(api, 'subtensorModule', 'networksAdded')(netuid)) as unknown as { isTrue: boolean }).isTrue;
}

export async function hotkeyRegistered(api: ApiPromise, hotkey: string, netuid: number): Promise<boolean> {
  return ((await queryFn(api, 'subtensorModule', 'uids')(netuid, hotkey)) as unknown as { isSome: boolean }).isSome;
}

/** The swap fee as a fraction of u16::MAX, when the runtime has the swap pallet. */
export async function swapFeeRate(api: ApiPromise, netuid: number): Promise<bigint> {
  if (!api.query.swap?.feeRate) return 0n;
  return toBigInt(await queryFn(api, 'swap', 'feeRate')(netuid));
}
