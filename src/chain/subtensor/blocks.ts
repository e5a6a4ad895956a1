/**
 * What the adapter reads about blocks, behind one small interface: the live node through
 * @polkadot/api, or recorded blocks in tests. Everything it returns is in the wire shapes of
 * ./wire, so outcome decoding, submission and reconciliation never touch a codec.
 */
import type { ApiPromise } from '@polkadot/api';
import { queryFn } from './metadata';
import { accountNonce } from './reads';
import { eventRecordsJson, registryNamer, type ErrorNamer, type EventRecordJson } from './wire';

export interface BlockView {
  hash: string;
  number: number;
  /** The hashes of the block's extrinsics, in order: an event's phase indexes this list. */
  extrinsicHashes: string[];
  events: EventRecordJson[];
}

export interface ChainView {
  block(hash: string): Promise<BlockView>;
  blockHash(number: number): Promise<string>;
  /** The best and the finalized block numbers. */
  heads(): Promise<{ best: number; finalized: number }>;
  /** The account's next nonce as the chain state has it (not counting the pool). */
  nonce(account: string): Promise<number>;
  readonly names: ErrorNamer;
}

export function apiChainView(api: ApiPromise): ChainView {
  return {
    names: registryNamer(api.registry),
    async block(hash) {
      const [block, records] = await Promise.all([
        api.rpc.chain.getBlock(hash),
        api.at(hash).then((at) => queryFn(at, 'system', 'events')()),
      ]);
      return {
        hash,
        number: block.block.header.number.toNumber(),
        extrinsicHashes: block.block.extrinsics.map((x) => x.hash.toHex()),
        events: eventRecordsJson(records),
      };
    },
    async blockHash(number) {
      return (await api.rpc.chain.getBlockHash(number)).toHex();
    },
    async heads() {
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      const finalizedHash = await api.rpc.chain.getFinalizedHead();
      const finalized = (await api.rpc.chain.getHeader(finalizedHash)).number.toNumber();
      return { best, finalized };
    },
    nonce: (account) => accountNonce(api, account),
  };
}
