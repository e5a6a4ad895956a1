/**
 * Reads what happened to one extrinsic from its block's events: stakes, fee, and the first
 * failure at any level (the extrinsic, the proxied call, the multisig call, a batch item).
 * Pure: it reads the wire shapes of ./wire, so recorded events decode exactly as live ones.
 */
import type { ChainError, Inclusion, StakeEvent } from '../port';
import { chainError, fromDispatchError } from '../errors';
import type { ChainView } from './blocks';
import { enumVariant, extrinsicIndex, jsonBigInt, type ErrorNamer, type EventRecordJson } from './wire';

/** The error index of a module error: `[u8; 4]` as hex in current runtimes, a plain u8 in old ones. */
function errorByte(error: unknown): number {
  if (typeof error === 'number') return error;
  if (typeof error === 'string' && /^0x[0-9a-f]{2}/i.test(error)) return parseInt(error.slice(2, 4), 16);
  throw new Error(`module error index is not readable: ${JSON.stringify(error)}`);
}

/** A `DispatchError` as JSON (`{module: {index, error}}`, `{badOrigin: null}`, `{token: ...}`). */
export function dispatchFailure(e: unknown, names: ErrorNamer): ChainError {
  const { type, value } = enumVariant(e);
  if (type === 'Module') {
    const m = value as { index: unknown; error: unknown };
    const meta = names(Number(m.index), errorByte(m.error));
    return fromDispatchError(meta.section, meta.name, meta.docs);
  }
  return chainError('module', type, `dispatch error ${JSON.stringify(e)}`);
}

/** A `Result<(), DispatchError>` field of ProxyExecuted / MultisigExecuted. */
function innerResult(r: unknown, names: ErrorNamer): ChainError | null {
  const { type, value } = enumVariant(r);
  return type === 'Err' ? dispatchFailure(value, names) : null;
}

export interface Decoded {
  inclusion: Inclusion;
  failure: ChainError | null;
}

function stakeEvent(method: string, d: unknown[]): StakeEvent {
  return {
    kind: method === 'StakeAdded' ? 'added' : 'removed',
    coldkey: String(d[0]),
    hotkey: String(d[1]),
    taoRao: jsonBigInt(d[2], `${method} tao`),
    alpha: jsonBigInt(d[3], `${method} alpha`),
    netuid: Number(jsonBigInt(d[4], `${method} netuid`)),
    feeRao: jsonBigInt(d[5], `${method} fee`),
  };
}

/**
 * Per-action results of a batch: proxied calls report theirs in ProxyExecuted (the batch sees
 * Ok either way), direct calls of a force_batch in ItemCompleted / ItemFailed.
 */
function actionFailures(
  proxied: (ChainError | null)[],
  items: (ChainError | null)[],
): { failed: { index: number; error: ChainError }[]; of: number } {
  const results = proxied.length > 0 ? proxied : items;
  return { failed: results.flatMap((error, index) => (error ? [{ index, error }] : [])), of: results.length };
}

export function decodeExtrinsicEvents(
  records: EventRecordJson[],
  index: number,
  base: Omit<Inclusion, 'feeRao' | 'stakes'>,
  names: ErrorNamer,
): Decoded {
  const mine = records.filter((r) => extrinsicIndex(r.phase) === index);
  const stakes: StakeEvent[] = [];
  let feeRao = 0n;
  let failure: ChainError | null = null;
  let multisigPending = false;
  let multisigExecuted = false;
  const proxied: (ChainError | null)[] = [];
  const items: (ChainError | null)[] = [];
  for (const { event } of mine) {
    const d = event.data;
    const key = `${event.section}.${event.method}`;
    if (key === 'subtensorModule.StakeAdded' || key === 'subtensorModule.StakeRemoved') {
      stakes.push(stakeEvent(event.method, d));
    } else if (key === 'transactionPayment.TransactionFeePaid') {
      feeRao = jsonBigInt(d[1], 'TransactionFeePaid actual_fee');
    } else if (key === 'system.ExtrinsicFailed') {
      failure ??= dispatchFailure(d[0], names);
    } else if (key === 'proxy.ProxyExecuted') {
      proxied.push(innerResult(d[0], names));
    } else if (key === 'multisig.MultisigExecuted') {
      multisigExecuted = true;
      failure ??= innerResult(d[4], names);
    } else if (key === 'multisig.NewMultisig' || key === 'multisig.MultisigApproval') {
      multisigPending = true;
    } else if (key === 'utility.ItemCompleted') {
      items.push(null);
    } else if (key === 'utility.ItemFailed') {
      items.push(dispatchFailure(d[0], names));
    } else if (key === 'utility.BatchInterrupted') {
      const inner = dispatchFailure(d[1], names);
      failure ??= { ...inner, message: `batch call #${String(d[0])} failed: ${inner.message}` };
    }
  }
  const inclusion: Inclusion = { ...base, feeRao, stakes };
  const { failed, of } = actionFailures(proxied, items);
  // A batch of proxied calls is not atomic: when some landed, report which ones did not.
  if (failed.length > 0 && failed.length < of && of > 1) inclusion.failures = failed;
  else if (failed.length > 0) failure ??= failed[0]!.error;
  if (multisigPending && !multisigExecuted) inclusion.pendingApprovals = true;
  return { inclusion, failure };
}

/** Finds the extrinsic in a block and decodes its events; null when the block does not hold it. */
export async function outcomeInBlock(chain: ChainView, blockHash: string, txHash: string, finalized: boolean): Promise<Decoded | null> {
  const block = await chain.block(blockHash);
  const index = block.extrinsicHashes.indexOf(txHash);
  if (index < 0) return null;
  return decodeExtrinsicEvents(block.events, index, { txHash, blockHash, blockNumber: block.number, finalized }, chain.names);
}
