/**
 * The executor on the dev runtime: the seed's plan scaled to a dev treasury, a treasury with a
 * Staking proxy for govbridge's key, and the check that what the chain holds is what the ledger
 * says was bought.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import type { AllocationPlan } from '../../../src/domain/plan';
import type { Ledger, LedgerRow } from '../../../src/store/ledger';
import { queryFn, toBigInt } from '../../../src/chain/subtensor/metadata';
import { stake } from '../../../src/chain/subtensor/reads';
import { DevChain, TAO } from './dev-chain';

/**
 * A plan with every amount divided by `divisor` (exact, or it throws), its DCA subnets mapped in
 * order to the dev chain's netuids (the dev runtime numbers new subnets from 2), and optionally
 * a shorter DCA window: the seed's plan at a size and length a dev chain runs in seconds.
 */
export function scaledPlan(
  plan: AllocationPlan,
  netuids: readonly number[],
  divisor: bigint,
  duration = plan.dca?.duration,
): AllocationPlan {
  const dca = plan.allocations.filter((a) => a.mode === 'dca');
  if (dca.length !== netuids.length) throw new Error(`the plan has ${dca.length} DCA subnets, ${netuids.length} netuids given`);
  const allocations = plan.allocations.map((a) => {
    if (a.rao % divisor !== 0n) throw new Error(`${a.rao} RAO is not divisible by ${divisor}`);
    return { ...a, netuid: a.mode === 'dca' ? netuids[dca.indexOf(a)]! : a.netuid, rao: a.rao / divisor };
  });
  if (plan.totalRao % divisor !== 0n) throw new Error(`${plan.totalRao} RAO is not divisible by ${divisor}`);
  return {
    ...plan,
    totalRao: plan.totalRao / divisor,
    allocations,
    dca: plan.dca && duration ? { ...plan.dca, duration } : plan.dca,
    warnings: [],
  };
}

export interface Treasury {
  treasury: KeyringPair;
  govbridge: KeyringPair;
  /** The seed URI of govbridge's key, as GOVBRIDGE_SIGNER_SEED would carry it. */
  govbridgeSeed: string;
}

/** A funded treasury that made govbridge's key its Staking proxy; govbridge holds fee money. */
export async function proxiedTreasury(dev: DevChain, name: string, freeRao = 100n * TAO): Promise<Treasury> {
  const treasury = dev.pair(`//${name}Treasury`);
  const govbridgeSeed = `//${name}Govbridge`;
  const govbridge = dev.pair(govbridgeSeed);
  await dev.fund(treasury.address, freeRao);
  await dev.fund(govbridge.address, 10n * TAO);
  await dev.addProxy(treasury, govbridge.address, 'Staking');
  return { treasury, govbridge, govbridgeSeed };
}

/** The chain's clock: the timestamp of the best block. */
export async function chainTime(dev: DevChain): Promise<Date> {
  return new Date(Number(toBigInt(await queryFn(dev.api, 'timestamp', 'now')())));
}

export interface SubnetBook {
  netuid: number;
  hotkey: string;
  /** Alpha the chain says the treasury holds. */
  chainAlpha: bigint;
  /** Alpha of the finalized ledger rows (StakeAdded events). */
  ledgerAlpha: bigint;
  /** RAO of the finalized rows, and the RAO the StakeAdded events say was spent. */
  ledgerRao: bigint;
  eventRao: bigint;
  finalizedIndexes: number[];
}

const sum = (xs: bigint[]): bigint => xs.reduce((s, x) => s + x, 0n);

/** Per staked (hotkey, netuid) of the plan, root included: the chain's stake beside the ledger's. */
export async function books(
  dev: DevChain,
  ledger: Ledger,
  planId: string,
  plan: AllocationPlan,
  treasury: string,
  hotkeyFor: (n: number) => string,
): Promise<SubnetBook[]> {
  const rows = (await ledger.forPlan(planId)).filter((r) => r.status === 'finalized');
  const out: SubnetBook[] = [];
  for (const a of plan.allocations) {
    const hotkey = hotkeyFor(a.netuid);
    const mine = rows.filter((r: LedgerRow) => r.netuid === a.netuid && r.hotkey === hotkey);
    out.push({
      netuid: a.netuid,
      hotkey,
      chainAlpha: await stake(dev.api, hotkey, treasury, a.netuid),
      ledgerAlpha: sum(mine.map((r) => r.alpha ?? 0n)),
      ledgerRao: sum(mine.map((r) => r.amount)),
      eventRao: sum(mine.map((r) => r.taoRao ?? 0n)),
      finalizedIndexes: mine.filter((r) => r.kind === 'tranche').map((r) => r.trancheIndex),
    });
  }
  return out;
}
