/**
 * Typed access to the chain's decorated calls, storage and runtime APIs. Subtensor's pallets are
 * not in @polkadot/api's static augmentation, so every lookup goes through the metadata the node
 * served, and a missing entry is a clear error naming it rather than an `undefined` call.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Codec } from '@polkadot/types/types';

export type Tx = SubmittableExtrinsic<'promise'>;
type TxFn = (...args: unknown[]) => Tx;
type QueryFn = ((...args: unknown[]) => Promise<Codec>) & { at?: unknown };
type CallFn = (...args: unknown[]) => Promise<Codec>;

export class MetadataMismatch extends Error {
  constructor(what: string) {
    super(`the chain's metadata has no ${what}: is this a subtensor runtime of the expected version?`);
    this.name = 'MetadataMismatch';
  }
}

export function txFn(api: ApiPromise, section: string, method: string): TxFn {
  const fn = api.tx[section]?.[method];
  if (!fn) throw new MetadataMismatch(`call ${section}.${method}`);
  return fn;
}

/** Works on the API at the head or at a past block (`api.at(hash)`). */
export function queryFn(api: Pick<ApiPromise, 'query'>, section: string, method: string): QueryFn {
  const fn = api.query[section]?.[method];
  if (!fn) throw new MetadataMismatch(`storage ${section}.${method}`);
  return fn;
}

export function hasRuntimeCall(api: ApiPromise, section: string, method: string): boolean {
  return Boolean(api.call[section]?.[method]);
}

export function runtimeCall(api: ApiPromise, section: string, method: string): CallFn {
  const fn = api.call[section]?.[method];
  if (!fn) throw new MetadataMismatch(`runtime API ${section}.${method}`);
  return fn;
}

/** Numeric codecs (u16, u64, Balance, AlphaCurrency wrappers) read as bigint. */
export function toBigInt(c: unknown): bigint {
  const v = c as { toBigInt?: () => bigint; toString(): string };
  return typeof v.toBigInt === 'function' ? v.toBigInt() : BigInt(v.toString());
}
