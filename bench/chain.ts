import type { ApiPromise } from '@polkadot/api';
import { proxiedStakingCall } from '../src/chain/subtensor/calls';
import { createSubtensorChain } from '../src/chain/subtensor';
import { queryFn } from '../src/chain/subtensor/metadata';
import type { ChainPort, Inclusion, StakeAction } from '../src/chain/port';
import { quietLogger } from '../src/log';
import { chainspec } from '../test/chain/harness/availability';
import { DevChain, TAO } from '../test/chain/harness/dev-chain';
import { prepareAndSend } from '../test/chain/harness/fixture';
import { startNode, type RunningNode } from '../test/chain/harness/node';
import { buildWorld, chainConfig, type World } from '../test/chain/harness/world';
import { row, type BenchRow } from './row';

/** The seed plan's five subnets; each tranche is small against the harness's 1000-TAO pools. */
const SUBNETS = 5;
const TRANCHE_RAO = 3n * TAO;
/** Twice the pools' starting price: the limit is there because the executor always sends one, not to bind. */
const LIMIT_PRICE = 2n * TAO;

type Adapter = ChainPort & { readonly signer: string };

/** What one tick costs on the chain, summed over the extrinsics it sent. */
interface TickCost {
  extrinsics: number;
  feeRao: bigint;
  /** The weight paymentInfo quotes before sending (what the fee is charged on). */
  quotedRefTime: bigint;
  /**
   * The weight the runtime reported after dispatch (ExtrinsicSuccess). On the dev runtime it
   * exceeds the quote by a fixed amount per extrinsic, so it is the fairer batched-vs-single figure.
   */
  actualRefTime: bigint;
  bytes: number;
  /** From the head when the tick started (the tranches were due) to the block of the last finalized inclusion. */
  blocksDueToFinalized: number;
}

interface ExtrinsicSuccessLike {
  phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: { toNumber(): number } };
  event: { section: string; method: string; data: [{ weight: { refTime: { toBigInt(): bigint } } }] };
}

/** The extrinsic's encoded size and post-dispatch refTime, read back from its block. */
async function landed(api: ApiPromise, inc: Inclusion): Promise<{ bytes: number; refTime: bigint }> {
  const block = await api.rpc.chain.getBlock(inc.blockHash);
  const index = block.block.extrinsics.findIndex((x) => x.hash.toHex() === inc.txHash);
  if (index < 0) throw new Error(`extrinsic ${inc.txHash} is not in block #${inc.blockNumber}`);
  const events = (await queryFn(await api.at(inc.blockHash), 'system', 'events')()) as unknown as ExtrinsicSuccessLike[];
  const ok = events.find(
    (r) =>
      r.phase.isApplyExtrinsic &&
      r.phase.asApplyExtrinsic.toNumber() === index &&
      r.event.section === 'system' &&
      r.event.method === 'ExtrinsicSuccess',
  );
  if (!ok) throw new Error(`no ExtrinsicSuccess for ${inc.txHash} in block #${inc.blockNumber}`);
  return { bytes: block.block.extrinsics[index]!.encodedLength, refTime: ok.event.data[0].weight.refTime.toBigInt() };
}

/**
 * One tick that finds every tranche due: each group of actions is one extrinsic, sent through the
 * real adapter as the executor sends it (prepare, then send and wait for finality) one after the
 * other, because the executor records each outcome before it signs the next.
 */
async function tick(chain: Adapter, api: ApiPromise, treasury: string, groups: StakeAction[][]): Promise<TickCost> {
  const cost: TickCost = { extrinsics: 0, feeRao: 0n, quotedRefTime: 0n, actualRefTime: 0n, bytes: 0, blocksDueToFinalized: 0 };
  const due = await chain.bestBlock();
  for (const actions of groups) {
    const quote = await proxiedStakingCall(api, treasury, actions).paymentInfo(chain.signer);
    const out = await prepareAndSend(chain, actions);
    if (!out.ok) throw new Error(`${out.error.name}: ${out.error.message}`);
    const inc = out.value;
    if (!inc.finalized) throw new Error(`extrinsic ${inc.txHash} was not finalized`);
    if (inc.failures?.length || inc.stakes.length !== actions.length)
      throw new Error(`only ${inc.stakes.length} of ${actions.length} stakes landed`);
    const back = await landed(api, inc);
    cost.extrinsics += 1;
    cost.feeRao += inc.feeRao;
    cost.quotedRefTime += quote.weight.refTime.toBigInt();
    cost.actualRefTime += back.refTime;
    cost.bytes += back.bytes;
    cost.blocksDueToFinalized = inc.blockNumber - due;
  }
  return cost;
}

function rows(batched: TickCost, single: TickCost): BenchRow[] {
  const vs = `one by one (${single.extrinsics} extrinsics)`;
  const n = (x: bigint): number => Number(x);
  return [
    row(`chain: extrinsics per tick, ${SUBNETS} subnets batched`, batched.extrinsics, 'extrinsics', single.extrinsics, vs),
    row('chain: fee paid per tick, batched', n(batched.feeRao), 'RAO', n(single.feeRao), vs),
    row('chain: weight quoted per tick, batched', n(batched.quotedRefTime), 'refTime ps', n(single.quotedRefTime), `${vs}, paymentInfo`),
    row('chain: weight used per tick, batched', n(batched.actualRefTime), 'refTime ps', n(single.actualRefTime), `${vs}, ExtrinsicSuccess`),
    row('chain: extrinsic bytes per tick, batched', batched.bytes, 'bytes', single.bytes, vs),
    row(
      'chain: blocks from due to finalized, batched',
      batched.blocksDueToFinalized,
      'blocks',
      single.blocksDueToFinalized,
      `${vs}, each awaited`,
    ),
  ];
}

/**
 * Chain cost on the real subtensor dev runtime in chopsticks (instant block production, which
 * finalizes each block as it is built): one tick staking into five subnets through the Staking
 * proxy, batched into one extrinsic as the executor sends it, against the same five tranches as
 * five extrinsics. Throws "runtime not found" when the runtime is not cached, so the runner skips.
 */
export async function benchChain(): Promise<BenchRow[]> {
  const spec = chainspec();
  if (!spec.ok) throw new Error(`runtime not found: ${spec.why}`);
  const node: RunningNode = await startNode(spec.path, 'Instant');
  let dev: DevChain | undefined;
  let chain: Adapter | undefined;
  try {
    dev = await DevChain.connect(node.url);
    const world: World = await buildWorld(dev, SUBNETS);
    await dev.addProxy(world.treasury, world.govbridge.address, 'Staking');
    const cfg = chainConfig(node.url, dev.api.genesisHash.toHex(), { mode: 'proxy', treasury: world.treasury.address }, world.subnets);
    chain = await createSubtensorChain(cfg, '//Govbridge', quietLogger());
    const actions: StakeAction[] = world.subnets.map((s) => ({
      kind: 'addStakeLimit',
      hotkey: s.hotkey,
      netuid: s.netuid,
      amountRao: TRANCHE_RAO,
      limitPrice: LIMIT_PRICE,
    }));
    const batched = await tick(chain, dev.api, world.treasury.address, [actions]);
    const single = await tick(
      chain,
      dev.api,
      world.treasury.address,
      actions.map((a) => [a]),
    );
    return rows(batched, single);
  } finally {
    await chain?.close().catch(() => undefined);
    await dev?.disconnect().catch(() => undefined);
    await node.stop();
  }
}
