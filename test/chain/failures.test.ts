/**
 * Failures around the connection (docs/design.md §6): a wrong network, an unreachable node and a node
 * that dies while a transaction waits each end in a named outcome, never a hang.
 */
import net from 'node:net';
import { ChainStartError, createSubtensorChain } from '../../src/chain/subtensor';
import { quietLogger } from '../../src/log';
import { describeChain } from './harness/availability';
import { TAO } from './harness/dev-chain';
import { useWorld } from './harness/fixture';
import { chainConfig } from './harness/world';

const log = quietLogger();

async function startError(p: Promise<unknown>): Promise<ChainStartError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ChainStartError) return e;
    throw e;
  }
  throw new Error('expected the adapter to refuse to start');
}

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describeChain('subtensor adapter when the node is wrong or gone', (spec) => {
  const f = useWorld(spec, 1);

  it('refuses a node on another genesis, naming both hashes', async () => {
    const wrong = `0x${'ab'.repeat(32)}`;
    const e = await startError(createSubtensorChain(chainConfig(f.node.url, wrong, { mode: 'direct' }), '//Treasury', log));
    expect(e.error).toMatchObject({ kind: 'connection', name: 'WrongGenesis' });
    expect(e.message).toContain(wrong);
    expect(e.message).toContain(f.dev.api.genesisHash.toHex());
  });

  it('gives up on an unreachable node within its connect timeout', async () => {
    const cfg = {
      ...chainConfig(`ws://127.0.0.1:${await closedPort()}`, null as unknown as string, { mode: 'direct' }),
      connectTimeoutMs: 1_500,
    };
    const e = await startError(createSubtensorChain(cfg, '//Treasury', log));
    expect(e.error).toMatchObject({ kind: 'connection', name: 'ConnectFailed' });
  });

  it('returns a named outcome when the node dies while the transaction waits', async () => {
    const cfg = chainConfig(f.node.url, f.dev.api.genesisHash.toHex(), { mode: 'direct' });
    const chain = await createSubtensorChain({ ...cfg, txTimeoutMs: 20_000 }, '//Treasury', log);
    try {
      const { netuid, hotkey } = f.world.subnets[0]!;
      // Manual block building: the transaction waits in the pool until the node dies.
      await f.dev.api.rpc('dev_setBlockBuildMode', 'Manual');
      const prepared = await chain.prepare([{ kind: 'addStake', hotkey, netuid, amountRao: TAO }]);
      if (!prepared.ok) throw new Error(prepared.errors[0]!.message);
      const sending = chain.send(prepared.value);
      await new Promise((r) => setTimeout(r, 500));
      f.node.kill();
      const out = await sending;
      expect(out).toMatchObject({ ok: false, error: { kind: 'connection', name: 'Disconnected' } });
      if (!out.ok) expect(out.error.message).toMatch(/reconcile before resending/);
    } finally {
      await chain.close();
    }
  }, 60_000);
});
