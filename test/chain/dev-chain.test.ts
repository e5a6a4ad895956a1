/** The harness itself: the dev runtime produces blocks and the state helpers take effect. */
import { describeChain } from './harness/availability';
import { DevChain, TAO } from './harness/dev-chain';
import { runtimeCall, toBigInt } from '../../src/chain/subtensor/metadata';
import { startNode, type RunningNode } from './harness/node';

describeChain('chain harness on the subtensor dev runtime', (spec) => {
  let node: RunningNode;
  let dev: DevChain;
  beforeAll(async () => {
    node = await startNode(spec);
    dev = await DevChain.connect(node.url);
  }, 240_000);
  afterAll(async () => {
    await dev?.disconnect();
    await node?.stop();
  });

  it('runs the spec-293 runtime and builds blocks on demand', async () => {
    expect(dev.api.runtimeVersion.specVersion.toNumber()).toBe(293);
    const before = (await dev.api.rpc.chain.getHeader()).number.toNumber();
    expect(await dev.newBlock(2)).toBe(before + 2);
  });

  it('funds accounts, builds subnets with pools and registers hotkeys', async () => {
    const owner = dev.pair('//Owner');
    const hot = dev.pair('//OwnerHot');
    await dev.fund(owner.address, 100_000n * TAO);
    expect(await dev.freeBalance(owner.address)).toBe(100_000n * TAO);

    const netuid = await dev.addSubnet(owner, hot.address);
    await dev.enableSubnet(netuid);
    await dev.setPool(netuid, 1_000n * TAO, 4_000n * TAO);
    const price = await runtimeCall(dev.api, 'swapRuntimeApi', 'currentAlphaPrice')(netuid);
    expect(toBigInt(price)).toBe(TAO / 4n);

    const other = dev.pair('//OtherHot');
    expect(await dev.isRegistered(other.address, netuid)).toBe(false);
    await dev.registerHotkey(owner, other.address, netuid);
    expect(await dev.isRegistered(other.address, netuid)).toBe(true);
  });
});
