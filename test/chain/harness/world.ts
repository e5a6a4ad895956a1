/**
 * A small staking world on the dev runtime: a treasury with TAO, govbridge's key with fee money,
 * and subnets whose owner hotkeys are registered validators with pools of a known depth.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Config } from '../../../src/config/schema';
import { DevChain, TAO } from './dev-chain';

export interface World {
  treasury: KeyringPair;
  govbridge: KeyringPair;
  subnets: { netuid: number; hotkey: string }[];
}

/** Pools 1000 TAO / 1000 alpha: price exactly 1 TAO per alpha until the first swap. */
export const POOL_TAO = 1_000n * TAO;
export const POOL_ALPHA = 1_000n * TAO;

export async function buildWorld(
  dev: DevChain,
  subnetCount: number,
  names = { treasury: '//Treasury', govbridge: '//Govbridge' },
): Promise<World> {
  const owner = dev.pair('//SubnetOwner');
  const treasury = dev.pair(names.treasury);
  const govbridge = dev.pair(names.govbridge);
  await dev.fund(owner.address, 1_000_000n * TAO);
  await dev.fund(treasury.address, 10_000n * TAO);
  await dev.fund(govbridge.address, 100n * TAO);
  const subnets: World['subnets'] = [];
  for (let i = 0; i < subnetCount; i++) {
    const hotkey = dev.pair(`//SubnetHot${i}`).address;
    const netuid = await dev.addSubnet(owner, hotkey);
    await dev.enableSubnet(netuid);
    await dev.setPool(netuid, POOL_TAO, POOL_ALPHA);
    subnets.push({ netuid, hotkey });
  }
  return { treasury, govbridge, subnets };
}

export function chainConfig(
  url: string,
  genesisHash: string,
  authority: Partial<Config['chain']['authority']>,
  hotkeys: World['subnets'] = [],
): Config['chain'] {
  return {
    kind: 'subtensor',
    url,
    genesisHash,
    connectTimeoutMs: 20_000,
    txTimeoutMs: 30_000,
    authority: { mode: 'proxy', treasury: null, otherSignatories: [], threshold: 2, allowAnyProxy: false, ...authority },
    dryRun: { seed: 0, treasuryRootStake: 0n, treasuryFree: 0n },
    hotkeys: Object.fromEntries(hotkeys.map((h) => [String(h.netuid), h.hotkey])),
  };
}
