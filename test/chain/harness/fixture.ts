/** One node per test file with a staking world on it, started before and stopped after the file. */
import type { ChainPort, SendOutcome, StakeAction } from '../../../src/chain/port';
import { DevChain } from './dev-chain';
import { startNode, type RunningNode } from './node';
import { buildWorld, type World } from './world';

export interface Fixture {
  node: RunningNode;
  dev: DevChain;
  world: World;
}

/** The returned object is filled in by beforeAll; read its fields inside tests only. */
export function useWorld(spec: string, subnets: number, extra?: (f: Fixture) => Promise<void>): Fixture {
  const f = {} as Fixture;
  beforeAll(async () => {
    f.node = await startNode(spec);
    f.dev = await DevChain.connect(f.node.url);
    f.world = await buildWorld(f.dev, subnets);
    await extra?.(f);
  }, 300_000);
  afterAll(async () => {
    await f.dev?.disconnect().catch(() => undefined);
    await f.node?.stop();
  });
  return f;
}

/** Prepares and sends; a refusal to prepare fails the test with its message. */
export async function prepareAndSend(chain: ChainPort, actions: StakeAction[]): Promise<SendOutcome> {
  const prepared = await chain.prepare(actions);
  if (!prepared.ok) throw new Error(prepared.errors.map((e) => e.message).join('; '));
  return chain.send(prepared.value);
}
