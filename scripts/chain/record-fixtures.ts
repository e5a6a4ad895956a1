/**
 * Records the chain fixtures of test/unit/chain/ from the subtensor dev runtime, so that those
 * offline tests decode what the runtime really emits: `npm run chain:record-fixtures`
 * (`-- --out DIR` to write elsewhere). It starts a chopsticks node, as the chain tests do, sends
 * each scenario's extrinsic and writes, per scenario, the status stream, the block's extrinsic
 * hashes and `system.events` in the wire shapes of src/chain/subtensor/wire.ts, and the few
 * metadata error names the events refer to. The runtime and its metadata stay out of the
 * repository; only these small JSON files go in.
 */
import path from 'node:path';
import type { StakeAction } from '../../src/chain/port';
import { proxiedStakingCall, stakeCall, stakingCall } from '../../src/chain/subtensor/calls';
import { runtimeCall, toBigInt, txFn } from '../../src/chain/subtensor/metadata';
import { DevChain, TAO } from '../../test/chain/harness/dev-chain';
import { startNode } from '../../test/chain/harness/node';
import { buildWorld } from '../../test/chain/harness/world';
import { recordMultisig, recordPoolWait, recordReconcile } from './record-histories';
import { Recorder } from './recording';
import { defaultCacheDir, locateChainspecSync } from './spec';

const DEFAULT_OUT = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'chain');

function outDir(argv: string[]): string {
  const i = argv.indexOf('--out');
  return i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1]!) : DEFAULT_OUT;
}

/** Single extrinsics: through the Staking proxy as proxy mode sends them, and signed by the treasury. */
async function recordStakes(rec: Recorder, dev: DevChain): Promise<{ netuid: number; hotkey: string }[]> {
  const api = dev.api;
  const world = await buildWorld(dev, 3);
  await dev.addProxy(world.treasury, world.govbridge.address, 'Staking');
  const { treasury, govbridge } = world;
  const sub = world.subnets;
  const price = async (i: number): Promise<bigint> =>
    toBigInt(await runtimeCall(api, 'swapRuntimeApi', 'currentAlphaPrice')(sub[i]!.netuid));
  const limit = (i: number, amountRao: bigint, limitPrice: bigint): StakeAction => ({
    kind: 'addStakeLimit',
    hotkey: sub[i]!.hotkey,
    netuid: sub[i]!.netuid,
    amountRao,
    limitPrice,
  });
  /** A limit 1% over the price, which 500 TAO into a 1000 TAO pool passes by far. */
  const tooFar = async (i: number): Promise<StakeAction> => limit(i, 500n * TAO, ((await price(i)) * 101n) / 100n);
  const base = { treasury: treasury.address, govbridge: govbridge.address, subnets: sub };
  const proxied = async (name: string, note: string, actions: StakeAction[]) =>
    rec.scenario(name, note, await proxiedStakingCall(api, treasury.address, actions).signAsync(govbridge), { ...base, actions });
  const direct = async (name: string, note: string, actions: StakeAction[], method: 'batch' | 'forceBatch' | 'batchAll') => {
    const tx = method === 'batchAll' ? stakingCall(api, actions) : txFn(api, 'utility', method)(actions.map((a) => stakeCall(api, a)));
    return rec.scenario(name, note, await tx.signAsync(treasury), { ...base, actions });
  };

  await proxied('proxy-stake', 'one addStakeLimit through the Staking proxy: lands', [limit(0, 10n * TAO, 2n * TAO)]);
  await proxied('proxy-batch-slippage', 'batch_all of two proxied addStakeLimit: #0 lands, #1 would pass its limit', [
    limit(1, 3n * TAO, 2n * TAO),
    await tooFar(2),
  ]);
  const bad: StakeAction = { kind: 'addStake', hotkey: dev.pair('//Unregistered').address, netuid: sub[1]!.netuid, amountRao: 2n * TAO };
  await proxied('proxy-unregistered', 'one proxied addStake to an unregistered hotkey: all of it fails', [bad]);
  await proxied('proxy-batch-all-failed', 'batch_all of two proxied addStake to an unregistered hotkey: both fail', [
    bad,
    { ...bad, netuid: sub[2]!.netuid },
  ]);
  const transfer = txFn(api, 'balances', 'transferKeepAlive')(govbridge.address, TAO);
  await rec.scenario(
    'proxy-call-filtered',
    'a transfer through the Staking proxy',
    await txFn(api, 'proxy', 'proxy')(treasury.address, 'Staking', transfer).signAsync(govbridge),
    base,
  );

  // Signed by the treasury itself, the pool checks a stake before it enters a block.
  const refusals: { name: string; action: StakeAction; submitError?: string }[] = [];
  for (const [name, action] of [
    ['SlippageTooHigh', await tooFar(2)],
    ['ZeroMaxAmount', limit(2, 5n * TAO, (await price(2)) / 2n)],
    ['StakeAmountTooLow', limit(2, 1_000n, 2n * TAO)],
  ] as const) {
    const sent = await rec.send(await stakingCall(api, [action]).signAsync(treasury));
    refusals.push({ name, action, submitError: sent.submitError });
  }
  rec.write('pool-refusals', { note: 'direct addStakeLimit refused by the pool: the error each submission rejected with', refusals });

  // Batches of calls that are not checked by the pool: they fail in their block.
  const mixed: StakeAction[] = [{ kind: 'addStake', hotkey: sub[1]!.hotkey, netuid: sub[1]!.netuid, amountRao: 2n * TAO }, bad];
  await direct('batch-interrupted', 'utility.batch: #0 lands, #1 fails and interrupts', mixed, 'batch');
  await direct('force-batch', 'utility.forceBatch: #0 lands, #1 fails (ItemFailed)', mixed, 'forceBatch');
  await direct('batch-all-failed', 'utility.batch_all signed by the treasury: #1 fails, all revert', mixed, 'batchAll');
  await direct(
    'batch-all-slippage',
    'utility.batch_all signed by the treasury: #1 would pass its limit, all revert',
    [mixed[0]!, await tooFar(2)],
    'batchAll',
  );
  return sub;
}

async function main(argv: string[]): Promise<void> {
  const found = locateChainspecSync({
    explicitPath: process.env.GOVBRIDGE_CHAINSPEC,
    cacheDir: defaultCacheDir(process.env.GOVBRIDGE_CACHE_DIR),
    download: true,
    downloadTimeoutMs: 5000,
  });
  if (!found.ok) throw new Error(found.why);
  const node = await startNode(found.path);
  const dev = await DevChain.connect(node.url);
  try {
    const rec = new Recorder(dev.api, outDir(argv));
    const sub = await recordStakes(rec, dev);
    await recordMultisig(rec, dev, sub);
    await recordReconcile(rec, dev, node.url, sub);
    await recordPoolWait(rec, dev, sub);
  } finally {
    await dev.disconnect().catch(() => undefined);
    await node.stop();
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`record-fixtures failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
