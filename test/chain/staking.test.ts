/**
 * The subtensor adapter on the real dev runtime, through a Staking proxy (docs/design.md §6): stakes land
 * and decode to what the chain holds, and each refusal comes back as a named outcome.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSubtensorChain, type SubtensorChain } from '../../src/chain/subtensor';
import { sendAndFollow } from '../../src/chain/subtensor/submit';
import { txFn } from '../../src/chain/subtensor/metadata';
import { proxiedStakingCall } from '../../src/chain/subtensor/calls';
import type { ChainPort, StakeAction } from '../../src/chain/port';
import { quietLogger } from '../../src/log';
import { describeChain } from './harness/availability';
import { TAO } from './harness/dev-chain';
import { prepareAndSend, useWorld } from './harness/fixture';
import { chainConfig, type World } from './harness/world';

type Adapter = ChainPort & Pick<SubtensorChain, 'signer'>;
const log = quietLogger();

describeChain('subtensor adapter through a Staking proxy', (spec) => {
  let chain: Adapter;
  let genesis: string;
  const figures: Record<string, unknown> = {};
  const f = useWorld(spec, 6, async () => {
    await f.dev.addProxy(f.world.treasury, f.world.govbridge.address, 'Staking');
    genesis = f.dev.api.genesisHash.toHex();
    const cfg = chainConfig(f.node.url, genesis, { mode: 'proxy', treasury: f.world.treasury.address }, f.world.subnets);
    chain = await createSubtensorChain(cfg, '//Govbridge', log);
  });

  afterAll(async () => {
    await chain?.close();
    if (Object.keys(figures).length) {
      const dir = path.resolve(__dirname, '..', 'artifacts');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'chain-figures.json'),
        JSON.stringify(figures, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2),
      );
    }
  });

  const sub = (i: number): World['subnets'][number] => f.world.subnets[i]!;
  const limitStake = (i: number, amountRao: bigint, limitPrice = 2n * TAO): StakeAction => ({
    kind: 'addStakeLimit',
    hotkey: sub(i).hotkey,
    netuid: sub(i).netuid,
    amountRao,
    limitPrice,
  });

  it('accepts the Staking proxy and registered hotkeys, and names each problem otherwise', async () => {
    expect((await chain.checkAuthority([{ netuid: sub(0).netuid, hotkey: sub(0).hotkey }])).problems).toEqual([]);
    const bad = await chain.checkAuthority([
      { netuid: sub(0).netuid, hotkey: f.dev.pair('//Nobody').address },
      { netuid: 999, hotkey: sub(0).hotkey },
    ]);
    expect(bad.problems).toHaveLength(2);
    expect(bad.problems[0]).toMatch(/not registered on subnet/);
    expect(bad.problems[1]).toMatch(/Subnet 999 does not exist/);

    const other = f.dev.pair('//AnyTreasury');
    await f.dev.fund(other.address, 100n * TAO);
    const anyCfg = chainConfig(f.node.url, genesis, { mode: 'proxy', treasury: other.address });
    const anyChain = await createSubtensorChain(anyCfg, '//Govbridge', log);
    try {
      expect((await anyChain.checkAuthority([])).problems[0]).toMatch(/not a Staking proxy of the treasury/);
      await f.dev.addProxy(other, f.world.govbridge.address, 'Any');
      expect((await anyChain.checkAuthority([])).problems[0]).toMatch(/Any proxy.*allowAnyProxy/);
    } finally {
      await anyChain.close();
    }
  });

  it('stakes through the proxy and decodes StakeAdded to what the chain then holds', async () => {
    const { netuid, hotkey } = sub(0);
    const amount = 10n * TAO;
    const preview = await chain.previewStake(netuid, amount);
    const freeBefore = await chain.freeBalance(f.world.treasury.address);
    const before = await chain.bestBlock();
    const prepared = await chain.prepare([limitStake(0, amount)]);
    if (!prepared.ok) throw new Error(prepared.errors[0]!.message);
    expect(prepared.value.signer).toBe(f.world.govbridge.address);
    expect(prepared.value.validUntilBlock).toBeGreaterThan(prepared.value.eraBlock);
    const inBlock: number[] = [];
    const out = await chain.send(prepared.value, (n) => inBlock.push(n));
    if (!out.ok) throw new Error(out.error.message);
    const [ev] = out.value.stakes;
    expect(out.value.stakes).toHaveLength(1);
    expect(ev).toMatchObject({ kind: 'added', coldkey: f.world.treasury.address, hotkey, netuid, taoRao: amount });
    expect(ev!.alpha).toBeGreaterThan(0n);
    expect(await chain.stake(hotkey, f.world.treasury.address, netuid)).toBe(ev!.alpha);
    expect(await chain.freeBalance(f.world.treasury.address)).toBe(freeBefore - amount);
    expect(out.value.feeRao).toBeGreaterThan(0n);
    expect(inBlock).toEqual([out.value.blockNumber]);
    // The preview models the pool; the chain's swap may round differently by a few RAO per TAO.
    const diff = preview.expectedAlpha - ev!.alpha;
    expect(diff < 0n ? -diff : diff).toBeLessThan(preview.expectedAlpha / 100n);
    expect(await chain.reconcile(prepared.value)).toMatchObject({ status: 'included', inclusion: { blockNumber: out.value.blockNumber } });
    figures.blocksSubmitToFinalized = out.value.blockNumber - before;
    figures.finalized = out.value.finalized;
    figures.singleStake = { feeRao: out.value.feeRao, swapFeeRao: ev!.feeRao, preview };
  });

  it('gets CallFiltered for a transfer through the Staking proxy', async () => {
    const transfer = txFn(f.dev.api, 'balances', 'transferKeepAlive')(f.world.govbridge.address, TAO);
    const tx = await txFn(f.dev.api, 'proxy', 'proxy')(f.world.treasury.address, 'Staking', transfer).signAsync(f.world.govbridge);
    const out = await sendAndFollow(f.dev.api, tx, { timeoutMs: 30_000, log });
    expect(out).toMatchObject({ ok: false, error: { kind: 'call-filtered', name: 'CallFiltered', priceRefusal: false } });
  });

  it('names the price refusals: a limit below the pool price, and a fill that would pass the limit', async () => {
    const price = await chain.alphaPrice(sub(1).netuid);
    expect(await prepareAndSend(chain, [limitStake(1, 5n * TAO, price / 2n)])).toMatchObject({
      ok: false,
      error: { kind: 'module', name: 'ZeroMaxStakeAmount', priceRefusal: true },
    });
    // 500 TAO into a 1000 TAO pool moves the price far past a 1% limit.
    expect(await prepareAndSend(chain, [limitStake(1, 500n * TAO, (price * 101n) / 100n)])).toMatchObject({
      ok: false,
      error: { kind: 'module', name: 'SlippageTooHigh', priceRefusal: true },
    });
  });

  it('names an unregistered hotkey and a below-minimum amount', async () => {
    const nobody = f.dev.pair('//Unregistered').address;
    const o1 = await prepareAndSend(chain, [{ kind: 'addStake', hotkey: nobody, netuid: sub(2).netuid, amountRao: 5n * TAO }]);
    expect(o1).toMatchObject({ ok: false, error: { kind: 'module', name: 'HotKeyAccountNotExists' } });

    const o2 = await prepareAndSend(chain, [limitStake(2, 1_000n)]);
    expect(o2).toMatchObject({ ok: false, error: { kind: 'module', name: 'AmountTooLow' } });
  });

  it('maps pool refusals 1010 Invalid Custom(n) by name when signing directly', async () => {
    // A short era so that "can never land" is reached in a few blocks.
    const direct = await createSubtensorChain(chainConfig(f.node.url, genesis, { mode: 'direct' }), '//Treasury', log, { eraPeriod: 4 });
    try {
      const price = await direct.alphaPrice(sub(3).netuid);
      expect(await prepareAndSend(direct, [limitStake(3, 5n * TAO, price / 2n)])).toMatchObject({
        ok: false,
        error: { kind: 'invalid-tx', name: 'ZeroMaxAmount', priceRefusal: true },
      });
      expect(await prepareAndSend(direct, [limitStake(3, 500n * TAO, (price * 101n) / 100n)])).toMatchObject({
        ok: false,
        error: { kind: 'invalid-tx', name: 'SlippageTooHigh', priceRefusal: true },
      });
      expect(await prepareAndSend(direct, [limitStake(3, 1_000n)])).toMatchObject({
        ok: false,
        error: { kind: 'invalid-tx', name: 'StakeAmountTooLow' },
      });
      // A prepared tx that was never sent is pending until its era ends, then can never land.
      const never = await direct.prepare([limitStake(3, 5n * TAO)]);
      if (!never.ok) throw new Error(never.errors[0]!.message);
      expect(await direct.reconcile(never.value)).toEqual({ status: 'pending' });
      await f.dev.newBlock(never.value.validUntilBlock - (await direct.bestBlock()) + 1);
      expect(await direct.reconcile(never.value)).toEqual({ status: 'not-included' });
      // Another transaction of the same signer took the nonce: this one can never land either.
      // (A fresh process, as after a restart: this one still counts the unsent nonce as used.)
      const restarted = await createSubtensorChain(chainConfig(f.node.url, genesis, { mode: 'direct' }), '//Treasury', log);
      const taken = await restarted.prepare([limitStake(3, 5n * TAO)]);
      await restarted.close();
      if (!taken.ok) throw new Error(taken.errors[0]!.message);
      await f.dev.submit(txFn(f.dev.api, 'system', 'remark')('0x00'), f.world.treasury);
      expect(await direct.reconcile(taken.value)).toEqual({ status: 'nonce-taken' });
    } finally {
      await direct.close();
    }
  }, 90_000);

  it('sends five subnets as one batch_all with five StakeAdded events, cheaper than five', async () => {
    const actions = [0, 1, 2, 4, 5].map((i) => limitStake(i, 3n * TAO));
    const prepared = await chain.prepare(actions);
    if (!prepared.ok) throw new Error(prepared.errors[0]!.message);
    const out = await chain.send(prepared.value);
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.stakes.map((s) => s.netuid)).toEqual(actions.map((a) => a.netuid));
    expect(out.value.stakes.every((s) => s.coldkey === f.world.treasury.address)).toBe(true);

    const batched = await proxiedStakingCall(f.dev.api, f.world.treasury.address, actions).paymentInfo(f.world.govbridge.address);
    const singles = await Promise.all(
      actions.map((a) => proxiedStakingCall(f.dev.api, f.world.treasury.address, [a]).paymentInfo(f.world.govbridge.address)),
    );
    const sum = (xs: bigint[]): bigint => xs.reduce((s, x) => s + x, 0n);
    figures.fiveStakes = {
      batchedFeeRao: out.value.feeRao,
      batchedEstimateRao: batched.partialFee.toBigInt(),
      batchedRefTime: batched.weight.refTime.toBigInt(),
      oneByOneFeeRao: sum(singles.map((s) => s.partialFee.toBigInt())),
      oneByOneRefTime: sum(singles.map((s) => s.weight.refTime.toBigInt())),
    };
    expect(out.value.feeRao).toBeLessThan(sum(singles.map((s) => s.partialFee.toBigInt())));
  });

  it('reports which proxied actions of a batch failed while the others landed', async () => {
    const nobody = f.dev.pair('//Unregistered').address;
    const actions: StakeAction[] = [
      limitStake(4, 2n * TAO),
      { kind: 'addStake', hotkey: nobody, netuid: sub(4).netuid, amountRao: 2n * TAO },
    ];
    const prepared = await chain.prepare(actions);
    if (!prepared.ok) throw new Error(prepared.errors[0]!.message);
    const out = await chain.send(prepared.value);
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.stakes.map((s) => s.hotkey)).toEqual([sub(4).hotkey]);
    expect(out.value.failures).toEqual([{ index: 1, error: expect.objectContaining({ name: 'HotKeyAccountNotExists' }) }]);
  });
});
