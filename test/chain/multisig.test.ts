/**
 * Multisig authority (docs/design.md §6): govbridge approves first and the call waits; the second of
 * three signers approves with the call, and the stake executes from the multisig account.
 */
import { createSubtensorChain } from '../../src/chain/subtensor';
import { multisigAddress } from '../../src/chain/subtensor/multisig';
import { quietLogger } from '../../src/log';
import { describeChain } from './harness/availability';
import { TAO } from './harness/dev-chain';
import { useWorld } from './harness/fixture';
import { chainConfig } from './harness/world';

const log = quietLogger();

describeChain('subtensor adapter as one signer of a 2-of-3 multisig', (spec) => {
  const f = useWorld(spec, 1, (w) => w.dev.fund(w.dev.pair('//Bob').address, 100n * TAO));

  it('waits for approvals after govbridge signs and executes when the second signer approves', async () => {
    const [govbridge, bob, charlie] = [f.dev.pair('//Govbridge'), f.dev.pair('//Bob'), f.dev.pair('//Charlie')];
    const all = [govbridge.address, bob.address, charlie.address];
    const treasury = multisigAddress(all, 2, 42);
    await f.dev.fund(treasury, 1_000n * TAO);
    const { netuid, hotkey } = f.world.subnets[0]!;
    const genesis = f.dev.api.genesisHash.toHex();
    const cfgFor = (me: string) =>
      chainConfig(
        f.node.url,
        genesis,
        { mode: 'multisig', treasury, threshold: 2, otherSignatories: all.filter((a) => a !== me) },
        f.world.subnets,
      );

    const ours = await createSubtensorChain(cfgFor(govbridge.address), '//Govbridge', log);
    const theirs = await createSubtensorChain(cfgFor(bob.address), '//Bob', log);
    try {
      expect((await ours.checkAuthority([{ netuid, hotkey }])).problems).toEqual([]);
      const action = { kind: 'addStakeLimit' as const, hotkey, netuid, amountRao: 7n * TAO, limitPrice: 2n * TAO };

      const first = await ours.prepare([action]);
      if (!first.ok) throw new Error(first.errors[0]!.message);
      const pending = await ours.send(first.value);
      if (!pending.ok) throw new Error(pending.error.message);
      expect(pending.value).toMatchObject({ pendingApprovals: true, stakes: [] });
      expect(await ours.stake(hotkey, treasury, netuid)).toBe(0n);
      // Approving twice is refused by name rather than sent.
      const again = await ours.prepare([action]);
      expect(again).toMatchObject({ ok: false, errors: [{ kind: 'authority', name: 'AlreadyApproved' }] });

      const second = await theirs.prepare([action]);
      if (!second.ok) throw new Error(second.errors[0]!.message);
      expect(second.value.callHash).toBe(first.value.callHash);
      const done = await theirs.send(second.value);
      if (!done.ok) throw new Error(done.error.message);
      expect(done.value.pendingApprovals).toBeUndefined();
      expect(done.value.stakes).toHaveLength(1);
      expect(done.value.stakes[0]).toMatchObject({ coldkey: treasury, hotkey, netuid, taoRao: 7n * TAO });
      expect(await ours.stake(hotkey, treasury, netuid)).toBe(done.value.stakes[0]!.alpha);
    } finally {
      await ours.close();
      await theirs.close();
    }
  }, 90_000);
});
