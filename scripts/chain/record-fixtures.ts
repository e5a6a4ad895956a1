/**
 * Records the chain fixtures of test/unit/chain/ from the subtensor dev runtime, so that those
 * offline tests decode what the runtime really emits: `npm run chain:record-fixtures`. It starts
 * a chopsticks node (as the chain tests do), sends each scenario's extrinsic and writes, per
 * scenario, the status stream, the block's extrinsic hashes and `system.events` in the wire
 * shapes of src/chain/subtensor/wire.ts, and the few metadata error names the events refer to.
 * The runtime and its metadata stay out of the repository; only these small JSON files go in.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ApiPromise } from '@polkadot/api';
import { createSubtensorChain } from '../../src/chain/subtensor';
import { apiChainView, type BlockView } from '../../src/chain/subtensor/blocks';
import { proxiedStakingCall, stakeCall, stakingCall } from '../../src/chain/subtensor/calls';
import { accountNonce } from '../../src/chain/subtensor/reads';
import { multisigAddress, multisigStep } from '../../src/chain/subtensor/multisig';
import { queryFn, runtimeCall, toBigInt, txFn, type Tx } from '../../src/chain/subtensor/metadata';
import { registryNamer, type ModuleErrorMeta } from '../../src/chain/subtensor/wire';
import type { StakeAction } from '../../src/chain/port';
import { quietLogger } from '../../src/log';
import { DevChain, TAO } from '../../test/chain/harness/dev-chain';
import { startNode } from '../../test/chain/harness/node';
import { buildWorld, chainConfig } from '../../test/chain/harness/world';
import { defaultCacheDir, locateChainspecSync } from './spec';

/** `--out DIR` records elsewhere (the chain test that checks the committed fixtures uses it). */
const outArg = process.argv.indexOf('--out');
const OUT = outArg >= 0 && process.argv[outArg + 1] ? path.resolve(process.argv[outArg + 1]!) : path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'chain');
const log = quietLogger();

/** Every `{module: {index, error}}` in a JSON value, named by the runtime's metadata. */
function moduleErrors(api: ApiPromise, json: unknown, into: Record<string, ModuleErrorMeta> = {}): Record<string, ModuleErrorMeta> {
  if (Array.isArray(json)) json.forEach((j) => moduleErrors(api, j, into));
  else if (json && typeof json === 'object') {
    const m = (json as { module?: { index: number; error: string } }).module;
    if (m && typeof m.index === 'number' && typeof m.error === 'string') {
      const e = parseInt(m.error.slice(2, 4), 16);
      into[`${m.index}:${e}`] = registryNamer(api.registry)(m.index, e);
    }
    Object.values(json).forEach((j) => moduleErrors(api, j, into));
  }
  return into;
}

function write(name: string, value: unknown): void {
  fs.mkdirSync(OUT, { recursive: true });
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 1);
  fs.writeFileSync(path.join(OUT, `${name}.json`), `${text}\n`);
  process.stdout.write(`wrote ${name}.json (${text.length} bytes)\n`);
}

interface Sent {
  txHash: string;
  statuses: unknown[];
  submitError?: string;
  block?: BlockView;
}

/** Submits and collects the status stream until finalized (or `waitMs` passes), then reads the block. */
async function sendRecorded(api: ApiPromise, tx: Tx, waitMs = 20_000, statuses: unknown[] = []): Promise<Sent> {
  const txHash = tx.hash.toHex();
  let blockHash: string | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let timer = setTimeout(resolve, waitMs);
      api.rpc.author
        .submitAndWatchExtrinsic(tx, (s) => {
          statuses.push(s.toJSON());
          if (s.isInBlock) {
            blockHash = s.asInBlock.toHex();
            // Wait a little for finalization, which chopsticks may or may not announce.
            clearTimeout(timer);
            timer = setTimeout(resolve, 3_000);
          }
          if (s.isFinalized || s.isDropped || s.isInvalid || s.isUsurped) {
            clearTimeout(timer);
            resolve();
          }
        })
        .catch((e: unknown) => {
          clearTimeout(timer);
          reject(e);
        });
    });
  } catch (e) {
    return { txHash, statuses, submitError: (e as Error).message };
  }
  return { txHash, statuses, block: blockHash ? await apiChainView(api).block(blockHash) : undefined };
}

async function scenario(api: ApiPromise, name: string, note: string, tx: Tx, extra: Record<string, unknown> = {}): Promise<Sent> {
  const sent = await sendRecorded(api, tx);
  write(name, { scenario: name, note, ...extra, ...sent, moduleErrors: moduleErrors(api, sent.block?.events ?? []) });
  return sent;
}

async function main(): Promise<void> {
  const found = locateChainspecSync({ explicitPath: process.env.GOVBRIDGE_CHAINSPEC, cacheDir: defaultCacheDir(process.env.GOVBRIDGE_CACHE_DIR), download: true, downloadTimeoutMs: 5000 });
  if (!found.ok) throw new Error(found.why);
  const node = await startNode(found.path);
  const dev = await DevChain.connect(node.url);
  try {
    await record(dev, node.url);
  } finally {
    await dev.disconnect().catch(() => undefined);
    await node.stop();
  }
}

async function record(dev: DevChain, url: string): Promise<void> {
  const api = dev.api;
  const world = await buildWorld(dev, 3);
  await dev.addProxy(world.treasury, world.govbridge.address, 'Staking');
  const { treasury, govbridge } = world;
  const sub = world.subnets;
  const price = async (i: number): Promise<bigint> => toBigInt(await runtimeCall(api, 'swapRuntimeApi', 'currentAlphaPrice')(sub[i]!.netuid));
  const limit = (i: number, amountRao: bigint, limitPrice: bigint): StakeAction => ({ kind: 'addStakeLimit', hotkey: sub[i]!.hotkey, netuid: sub[i]!.netuid, amountRao, limitPrice });
  const nobody = dev.pair('//Unregistered').address;
  const base = { treasury: treasury.address, govbridge: govbridge.address, subnets: sub };

  // Through the Staking proxy, as production sends in proxy mode.
  const one = [limit(0, 10n * TAO, 2n * TAO)];
  await scenario(api, 'proxy-stake', 'one addStakeLimit through the Staking proxy: lands', await proxiedStakingCall(api, treasury.address, one).signAsync(govbridge), { ...base, actions: one });
  const batch = [limit(1, 3n * TAO, 2n * TAO), limit(2, 500n * TAO, ((await price(2)) * 101n) / 100n)];
  await scenario(api, 'proxy-batch-slippage', 'batch_all of two proxied addStakeLimit: #0 lands, #1 would pass its limit', await proxiedStakingCall(api, treasury.address, batch).signAsync(govbridge), { ...base, actions: batch });
  const bad = [{ kind: 'addStake' as const, hotkey: nobody, netuid: sub[1]!.netuid, amountRao: 2n * TAO }];
  await scenario(api, 'proxy-unregistered', 'one proxied addStake to an unregistered hotkey: all of it fails', await proxiedStakingCall(api, treasury.address, bad).signAsync(govbridge), { ...base, actions: bad });
  const bothBad = [bad[0]!, { ...bad[0]!, netuid: sub[2]!.netuid }];
  await scenario(api, 'proxy-batch-all-failed', 'batch_all of two proxied addStake to an unregistered hotkey: both fail', await proxiedStakingCall(api, treasury.address, bothBad).signAsync(govbridge), { ...base, actions: bothBad });
  const transfer = txFn(api, 'balances', 'transferKeepAlive')(govbridge.address, TAO);
  await scenario(api, 'proxy-call-filtered', 'a transfer through the Staking proxy', await txFn(api, 'proxy', 'proxy')(treasury.address, 'Staking', transfer).signAsync(govbridge), base);

  // Signed by the treasury itself: the pool checks stakes before they enter a block.
  const refusals: { name: string; action: StakeAction; submitError?: string }[] = [];
  for (const [name, action] of [
    ['SlippageTooHigh', limit(2, 500n * TAO, ((await price(2)) * 101n) / 100n)],
    ['ZeroMaxAmount', limit(2, 5n * TAO, (await price(2)) / 2n)],
    ['StakeAmountTooLow', limit(2, 1_000n, 2n * TAO)],
  ] as const) {
    const sent = await sendRecorded(api, await stakingCall(api, [action]).signAsync(treasury));
    refusals.push({ name, action, submitError: sent.submitError });
  }
  write('pool-refusals', { note: 'direct addStakeLimit refused by the pool: the error each submission rejected with', refusals });

  const mixed = [{ kind: 'addStake' as const, hotkey: sub[1]!.hotkey, netuid: sub[1]!.netuid, amountRao: 2n * TAO }, bad[0]!];
  await scenario(api, 'batch-interrupted', 'utility.batch: #0 lands, #1 fails and interrupts', await txFn(api, 'utility', 'batch')(mixed.map((a) => stakeCall(api, a))).signAsync(treasury), { ...base, actions: mixed });
  await scenario(api, 'force-batch', 'utility.forceBatch: #0 lands, #1 fails (ItemFailed)', await txFn(api, 'utility', 'forceBatch')(mixed.map((a) => stakeCall(api, a))).signAsync(treasury), { ...base, actions: mixed });
  await scenario(api, 'batch-all-failed', 'utility.batch_all signed by the treasury: #1 fails, all revert', await stakingCall(api, mixed).signAsync(treasury), { ...base, actions: mixed });

  const slip = [mixed[0]!, limit(2, 500n * TAO, ((await price(2)) * 101n) / 100n)];
  await scenario(api, 'batch-all-slippage', 'utility.batch_all signed by the treasury: #1 would pass its limit, all revert', await stakingCall(api, slip).signAsync(treasury), { ...base, actions: slip });

  await recordMultisig(dev, sub);
  await recordReconcile(dev, url, sub);
  await recordManual(dev, sub);
}

/** govbridge approves first (the call waits); Bob's approval carries the call and executes it. */
async function recordMultisig(dev: DevChain, sub: { netuid: number; hotkey: string }[]): Promise<void> {
  const api = dev.api;
  const [govbridge, bob, charlie] = [dev.pair('//Govbridge'), dev.pair('//Bob'), dev.pair('//Charlie')];
  await dev.fund(bob.address, 100n * TAO);
  const all = [govbridge.address, bob.address, charlie.address];
  const multi = multisigAddress(all, 2, 42);
  await dev.fund(multi, 1_000n * TAO);
  const action: StakeAction = { kind: 'addStakeLimit', hotkey: sub[0]!.hotkey, netuid: sub[0]!.netuid, amountRao: 7n * TAO, limitPrice: 2n * TAO };
  const call = stakingCall(api, [action]);
  const callHash = call.method.hash.toHex();
  const others = (me: string): string[] => all.filter((a) => a !== me);
  const base = { signatories: all, threshold: 2, multisig: multi, callHash, actions: [action] };
  const pendingJson = async (): Promise<unknown> => (await queryFn(api, 'multisig', 'multisigs')(multi, callHash)).toJSON();

  const before = await pendingJson();
  const first = await multisigStep(api, call, govbridge.address, others(govbridge.address), 2);
  if ('alreadyApproved' in first) throw new Error('govbridge approved before the recording');
  const approved = await sendRecorded(api, await first.tx.signAsync(govbridge));
  const pending = await pendingJson();
  const second = await multisigStep(api, call, bob.address, others(bob.address), 2);
  if ('alreadyApproved' in second) throw new Error('Bob approved before the recording');
  const executed = await sendRecorded(api, await second.tx.signAsync(bob));

  // A call that fails when the threshold executes it: the multisig still completes, the stake does not.
  const doomedAction: StakeAction = { kind: 'addStake', hotkey: dev.pair('//Unregistered').address, netuid: sub[0]!.netuid, amountRao: 2n * TAO };
  const doomed = stakingCall(api, [doomedAction]);
  const doomedFirst = await multisigStep(api, doomed, govbridge.address, others(govbridge.address), 2);
  if ('alreadyApproved' in doomedFirst) throw new Error('govbridge approved the failing call before the recording');
  await sendRecorded(api, await doomedFirst.tx.signAsync(govbridge));
  const doomedSecond = await multisigStep(api, doomed, bob.address, others(bob.address), 2);
  if ('alreadyApproved' in doomedSecond) throw new Error('Bob approved the failing call before the recording');
  const failed = await sendRecorded(api, await doomedSecond.tx.signAsync(bob));
  const events = [...(approved.block?.events ?? []), ...(executed.block?.events ?? []), ...(failed.block?.events ?? [])];
  write('multisig', {
    note: '2-of-3 multisig: govbridge approve_as_multi (pending), then Bob as_multi (executes the stake)',
    ...base,
    pendingBefore: before,
    pendingAfterFirst: pending,
    firstExecutes: first.executes,
    secondExecutes: second.executes,
    approve: approved,
    execute: executed,
    failedActions: [doomedAction],
    executeFailed: failed,
    moduleErrors: moduleErrors(api, events),
  });
}

/**
 * One signer's history over a few blocks with a 4-block era: a tx that lands, one prepared and
 * never sent (its era ends), and one whose nonce another tx takes. The signer's nonce is read at
 * every block so a test can replay the chain as it stood at any of them.
 */
async function recordReconcile(dev: DevChain, url: string, sub: { netuid: number; hotkey: string }[]): Promise<void> {
  const api = dev.api;
  const genesis = api.genesisHash.toHex();
  const treasury = dev.pair('//Treasury');
  const stake = (amountRao: bigint): StakeAction => ({ kind: 'addStake', hotkey: sub[1]!.hotkey, netuid: sub[1]!.netuid, amountRao });
  const direct = await createSubtensorChain(chainConfig(url, genesis, { mode: 'direct' }), '//Treasury', log, { eraPeriod: 4 });
  const pick = (p: { txHash: string; signer: string; nonce: number; eraBlock: number; validUntilBlock: number }) =>
    ({ txHash: p.txHash, signer: p.signer, nonce: p.nonce, eraBlock: p.eraBlock, validUntilBlock: p.validUntilBlock });
  try {
    const landed = await direct.prepare([stake(5n * TAO)]);
    if (!landed.ok) throw new Error(landed.errors[0]!.message);
    const out = await direct.send(landed.value);
    if (!out.ok) throw new Error(out.error.message);
    const expired = await direct.prepare([stake(4n * TAO)]);
    if (!expired.ok) throw new Error(expired.errors[0]!.message);
    await dev.newBlock(expired.value.validUntilBlock - (await direct.bestBlock()) + 1);
    const afterExpiry = (await api.rpc.chain.getHeader()).number.toNumber();
    await direct.close();
    // A fresh process, as after a restart, prepares with the chain's nonce; a remark then takes it.
    const restarted = await createSubtensorChain(chainConfig(url, genesis, { mode: 'direct' }), '//Treasury', log, { eraPeriod: 4 });
    const taken = await restarted.prepare([stake(3n * TAO)]);
    await restarted.close();
    if (!taken.ok) throw new Error(taken.errors[0]!.message);
    await dev.submit(txFn(api, 'system', 'remark')('0x00'), treasury);
    const view = apiChainView(api);
    const { best, finalized } = await view.heads();
    // From the first era's start: reconciliation scans from there.
    const from = Math.max(1, Math.min(landed.value.eraBlock, expired.value.eraBlock, taken.value.eraBlock));
    const blocks: (BlockView & { signerNonce: number })[] = [];
    for (let n = from; n <= best; n++) {
      const block = await view.block(await view.blockHash(n));
      const at = await api.at(block.hash);
      blocks.push({ ...block, signerNonce: await accountNonce(at as unknown as ApiPromise, treasury.address) });
    }
    write('reconcile', {
      note: 'direct signer, era of 4 blocks: landed is in a block; expired was never sent; taken lost its nonce to a remark',
      signer: treasury.address,
      heads: { best, finalized },
      afterExpiry,
      txs: { landed: pick(landed.value), expired: pick(expired.value), taken: pick(taken.value) },
      blocks,
      moduleErrors: moduleErrors(api, blocks.map((b) => b.events)),
    });
  } finally {
    await direct.close();
  }
}

/** With manual block building a tx waits in the pool: the stream a timeout sees, then its inclusion. */
async function recordManual(dev: DevChain, sub: { netuid: number; hotkey: string }[]): Promise<void> {
  const api = dev.api;
  await api.rpc('dev_setBlockBuildMode', 'Manual');
  const treasury = dev.pair('//Treasury');
  const tx = await stakingCall(api, [{ kind: 'addStake', hotkey: sub[0]!.hotkey, netuid: sub[0]!.netuid, amountRao: TAO }]).signAsync(treasury);
  const statuses: unknown[] = [];
  const sending = sendRecorded(api, tx, 30_000, statuses);
  await new Promise((r) => setTimeout(r, 3_000));
  const statusesWhileWaiting = [...statuses];
  await dev.newBlock();
  const sent = await sending;
  write('pool-wait', { note: 'manual block building: the statuses while it waits, then after dev_newBlock', statusesWhileWaiting, ...sent, moduleErrors: moduleErrors(api, sent.block?.events ?? []) });
}

main().catch((e: unknown) => {
  process.stderr.write(`record-fixtures failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
