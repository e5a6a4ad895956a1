/**
 * Reads what happened to one extrinsic from its block's events: stakes, fee, and the first
 * failure at any level (the extrinsic, the proxied call, the multisig call, a batch item).
 */
import type { ApiPromise } from '@polkadot/api';
import type { ChainError, Inclusion, StakeEvent } from '../port';
import { chainError, fromDispatchError } from '../errors';
import { queryFn, toBigInt } from './metadata';

interface DispatchErrorLike {
  isModule: boolean;
  asModule: unknown;
  type: string;
  toString(): string;
}

interface EventRecordLike {
  phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: { toNumber(): number } };
  event: { section: string; method: string; data: unknown[] & Record<string, unknown> };
}

export function dispatchFailure(api: ApiPromise, e: DispatchErrorLike): ChainError {
  if (e.isModule) {
    const meta = api.registry.findMetaError(e.asModule as Parameters<ApiPromise['registry']['findMetaError']>[0]);
    return fromDispatchError(meta.section, meta.name, meta.docs.join(' ').trim());
  }
  return chainError('module', e.type, `dispatch error ${e.toString()}`);
}

/** A `Result<(), DispatchError>` field of ProxyExecuted / MultisigExecuted. */
function innerResult(api: ApiPromise, r: unknown): ChainError | null {
  const res = r as { isErr: boolean; asErr: DispatchErrorLike };
  return res.isErr ? dispatchFailure(api, res.asErr) : null;
}

export interface Decoded {
  inclusion: Inclusion;
  failure: ChainError | null;
}

export function decodeExtrinsicEvents(
  api: ApiPromise,
  records: EventRecordLike[],
  index: number,
  base: Omit<Inclusion, 'feeRao' | 'stakes'>,
): Decoded {
  const mine = records.filter((r) => r.phase.isApplyExtrinsic && r.phase.asApplyExtrinsic.toNumber() === index);
  const stakes: StakeEvent[] = [];
  let feeRao = 0n;
  let failure: ChainError | null = null;
  let multisigPending = false;
  let multisigExecuted = false;
  const proxied: (ChainError | null)[] = [];
  for (const { event } of mine) {
    const d = event.data;
    const key = `${event.section}.${event.method}`;
    if (key === 'subtensorModule.StakeAdded' || key === 'subtensorModule.StakeRemoved') {
      stakes.push({
        kind: event.method === 'StakeAdded' ? 'added' : 'removed',
        coldkey: String(d[0]),
        hotkey: String(d[1]),
        taoRao: toBigInt(d[2]),
        alpha: toBigInt(d[3]),
        netuid: Number(toBigInt(d[4])),
        feeRao: toBigInt(d[5]),
      });
    } else if (key === 'transactionPayment.TransactionFeePaid') {
      feeRao = toBigInt(d[1]);
    } else if (key === 'system.ExtrinsicFailed') {
      failure ??= dispatchFailure(api, d[0] as DispatchErrorLike);
    } else if (key === 'proxy.ProxyExecuted') {
      proxied.push(innerResult(api, d[0]));
    } else if (key === 'multisig.MultisigExecuted') {
      multisigExecuted = true;
      failure ??= innerResult(api, d[4]);
    } else if (key === 'multisig.NewMultisig' || key === 'multisig.MultisigApproval') {
      multisigPending = true;
    } else if (key === 'utility.BatchInterrupted') {
      const inner = dispatchFailure(api, d[1] as DispatchErrorLike);
      failure ??= { ...inner, message: `batch call #${String(d[0])} failed: ${inner.message}` };
    }
  }
  const inclusion: Inclusion = { ...base, feeRao, stakes };
  const proxyFailures = proxied.flatMap((error, index) => (error ? [{ index, error }] : []));
  // A batch of proxied calls is not atomic: when some landed, report which ones did not.
  if (proxyFailures.length > 0 && proxyFailures.length < proxied.length && proxied.length > 1) inclusion.failures = proxyFailures;
  else if (proxyFailures.length > 0) failure ??= proxyFailures[0]!.error;
  if (multisigPending && !multisigExecuted) inclusion.pendingApprovals = true;
  return { inclusion, failure };
}

/** Finds the extrinsic in a block and decodes its events; null when the block does not hold it. */
export async function outcomeInBlock(api: ApiPromise, blockHash: string, txHash: string, finalized: boolean): Promise<Decoded | null> {
  const [block, records] = await Promise.all([
    api.rpc.chain.getBlock(blockHash),
    api.at(blockHash).then((at) => queryFn(at, 'system', 'events')()),
  ]);
  const index = block.block.extrinsics.findIndex((x) => x.hash.toHex() === txHash);
  if (index < 0) return null;
  return decodeExtrinsicEvents(api, records as unknown as EventRecordLike[], index, {
    txHash,
    blockHash,
    blockNumber: block.block.header.number.toNumber(),
    finalized,
  });
}
