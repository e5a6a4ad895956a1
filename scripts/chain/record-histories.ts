/**
 * The recordings that span several extrinsics: a multisig approval and execution, one signer's
 * history for reconciliation, and a tx waiting in the pool (scripts/chain/record-fixtures.ts).
 */
import type { ApiPromise } from '@polkadot/api';
import type { StakeAction } from '../../src/chain/port';
import { createSubtensorChain } from '../../src/chain/subtensor';
import { apiChainView, type BlockView } from '../../src/chain/subtensor/blocks';
import { stakingCall } from '../../src/chain/subtensor/calls';
import { queryFn, txFn, type Tx } from '../../src/chain/subtensor/metadata';
import { multisigAddress, multisigStep } from '../../src/chain/subtensor/multisig';
import { accountNonce } from '../../src/chain/subtensor/reads';
import { quietLogger } from '../../src/log';
import type { DevChain } from '../../test/chain/harness/dev-chain';
import { TAO } from '../../test/chain/harness/dev-chain';
import { chainConfig } from '../../test/chain/harness/world';
import type { Recorder } from './recording';

type Subnets = { netuid: number; hotkey: string }[];
const log = quietLogger();

/** govbridge approves first (the call waits); Bob's approval carries the call and executes it. */
export async function recordMultisig(rec: Recorder, dev: DevChain, sub: Subnets): Promise<void> {
  const api = dev.api;
  const [govbridge, bob, charlie] = [dev.pair('//Govbridge'), dev.pair('//Bob'), dev.pair('//Charlie')];
  await dev.fund(bob.address, 100n * TAO);
  const all = [govbridge.address, bob.address, charlie.address];
  const multi = multisigAddress(all, 2, 42);
  await dev.fund(multi, 1_000n * TAO);
  const others = (me: string): string[] => all.filter((a) => a !== me);
  const step = async (call: Tx, who: typeof bob) => {
    const s = await multisigStep(api, call, who.address, others(who.address), 2);
    if ('alreadyApproved' in s) throw new Error(`${who.address} approved before the recording`);
    return { executes: s.executes, sent: await rec.send(await s.tx.signAsync(who)) };
  };

  const action: StakeAction = {
    kind: 'addStakeLimit',
    hotkey: sub[0]!.hotkey,
    netuid: sub[0]!.netuid,
    amountRao: 7n * TAO,
    limitPrice: 2n * TAO,
  };
  const call = stakingCall(api, [action]);
  const callHash = call.method.hash.toHex();
  const pendingJson = async (): Promise<unknown> => (await queryFn(api, 'multisig', 'multisigs')(multi, callHash)).toJSON();
  const before = await pendingJson();
  const first = await step(call, govbridge);
  const pending = await pendingJson();
  const second = await step(call, bob);

  // A call that fails when the threshold executes it: the multisig still completes, the stake does not.
  const doomedAction: StakeAction = {
    kind: 'addStake',
    hotkey: dev.pair('//Unregistered').address,
    netuid: sub[0]!.netuid,
    amountRao: 2n * TAO,
  };
  const doomed = stakingCall(api, [doomedAction]);
  await step(doomed, govbridge);
  const failed = (await step(doomed, bob)).sent;
  rec.write('multisig', {
    note: '2-of-3 multisig: govbridge approve_as_multi (pending), then Bob as_multi (executes the stake)',
    signatories: all,
    threshold: 2,
    multisig: multi,
    callHash,
    actions: [action],
    pendingBefore: before,
    pendingAfterFirst: pending,
    firstExecutes: first.executes,
    secondExecutes: second.executes,
    approve: first.sent,
    execute: second.sent,
    failedActions: [doomedAction],
    executeFailed: failed,
    moduleErrors: rec.moduleErrors([first.sent, second.sent, failed].map((s) => s.block?.events ?? [])),
  });
}

const recordedTx = (p: { txHash: string; signer: string; nonce: number; eraBlock: number; validUntilBlock: number }) => ({
  txHash: p.txHash,
  signer: p.signer,
  nonce: p.nonce,
  eraBlock: p.eraBlock,
  validUntilBlock: p.validUntilBlock,
});

/**
 * One signer's history over a few blocks with a 4-block era: a tx that lands, one prepared and
 * never sent (its era ends), and one whose nonce another tx takes. The signer's nonce is read at
 * every block so a test can replay the chain as it stood at any of them.
 */
export async function recordReconcile(rec: Recorder, dev: DevChain, url: string, sub: Subnets): Promise<void> {
  const api = dev.api;
  const genesis = api.genesisHash.toHex();
  const treasury = dev.pair('//Treasury');
  const stake = (amountRao: bigint): StakeAction => ({ kind: 'addStake', hotkey: sub[1]!.hotkey, netuid: sub[1]!.netuid, amountRao });
  const open = () => createSubtensorChain(chainConfig(url, genesis, { mode: 'direct' }), '//Treasury', log, { eraPeriod: 4 });
  const prepared = async (chain: Awaited<ReturnType<typeof open>>, amountRao: bigint) => {
    const p = await chain.prepare([stake(amountRao)]);
    if (!p.ok) throw new Error(p.errors[0]!.message);
    return p.value;
  };
  const direct = await open();
  try {
    const landed = await prepared(direct, 5n * TAO);
    const out = await direct.send(landed);
    if (!out.ok) throw new Error(out.error.message);
    const expired = await prepared(direct, 4n * TAO);
    await dev.newBlock(expired.validUntilBlock - (await direct.bestBlock()) + 1);
    const afterExpiry = (await api.rpc.chain.getHeader()).number.toNumber();
    // A fresh process, as after a restart, prepares with the chain's nonce; a remark then takes it.
    const restarted = await open();
    const taken = await prepared(restarted, 3n * TAO).finally(() => restarted.close());
    await dev.submit(txFn(api, 'system', 'remark')('0x00'), treasury);
    const view = apiChainView(api);
    const { best, finalized } = await view.heads();
    // From the first era's start: reconciliation scans from there.
    const from = Math.max(1, Math.min(landed.eraBlock, expired.eraBlock, taken.eraBlock));
    const blocks: (BlockView & { signerNonce: number })[] = [];
    for (let n = from; n <= best; n++) {
      const block = await view.block(await view.blockHash(n));
      const at = await api.at(block.hash);
      blocks.push({ ...block, signerNonce: await accountNonce(at as unknown as ApiPromise, treasury.address) });
    }
    rec.write('reconcile', {
      note: 'direct signer, era of 4 blocks: landed is in a block; expired was never sent; taken lost its nonce to a remark',
      signer: treasury.address,
      heads: { best, finalized },
      afterExpiry,
      txs: { landed: recordedTx(landed), expired: recordedTx(expired), taken: recordedTx(taken) },
      blocks,
      moduleErrors: rec.moduleErrors(blocks.map((b) => b.events)),
    });
  } finally {
    await direct.close();
  }
}

/** With manual block building a tx waits in the pool: the stream a timeout sees, then its inclusion. */
export async function recordPoolWait(rec: Recorder, dev: DevChain, sub: Subnets): Promise<void> {
  const api = dev.api;
  await api.rpc('dev_setBlockBuildMode', 'Manual');
  const action: StakeAction = { kind: 'addStake', hotkey: sub[0]!.hotkey, netuid: sub[0]!.netuid, amountRao: TAO };
  const tx = await stakingCall(api, [action]).signAsync(dev.pair('//Treasury'));
  const statuses: unknown[] = [];
  const sending = rec.send(tx, 30_000, statuses);
  await new Promise((r) => setTimeout(r, 3_000));
  const statusesWhileWaiting = [...statuses];
  await dev.newBlock();
  const sent = await sending;
  rec.write('pool-wait', {
    note: 'manual block building: the statuses while it waits, then after dev_newBlock',
    statusesWhileWaiting,
    ...sent,
    moduleErrors: rec.moduleErrors(sent.block?.events ?? []),
  });
}
