/**
 * Sends one signed extrinsic and follows it: in-block, then finalized. Every path ends in a
 * value — a pool refusal, a dispatch failure, a lost connection, a drop, or the timeout — never a
 * hang and never a throw.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Logger } from '../../log';
import type { Inclusion, SendOutcome } from '../port';
import { chainError, fromSubmissionError } from '../errors';
import { outcomeInBlock } from './outcome';
import type { Tx } from './metadata';

export interface SendOptions {
  timeoutMs: number;
  onInBlock?: (blockNumber: number, blockHash: string) => void;
  log: Logger;
}

interface StatusLike {
  type: string;
  isInBlock: boolean;
  isFinalized: boolean;
  asInBlock: { toHex(): string };
  asFinalized: { toHex(): string };
}

export function sendAndFollow(api: ApiPromise, tx: Tx, opts: SendOptions): Promise<SendOutcome> {
  const txHash = tx.hash.toHex();
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    let included: Inclusion | null = null;
    let unsub: (() => void) | null = null;
    const finish = (o: SendOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      api.off('disconnected', onDisconnect);
      try {
        unsub?.();
      } catch {
        // The subscription may already be gone with the connection.
      }
      resolve(o);
    };
    const timer = setTimeout(() => {
      // Included but not finalized in time is still a landing: the ledger marks it in-block.
      if (included) finish({ ok: true, value: included });
      else finish({ ok: false, error: chainError('timeout', 'Timeout', `no inclusion of ${txHash} within ${opts.timeoutMs} ms; reconcile before resending`) });
    }, opts.timeoutMs);
    const onDisconnect = (): void => {
      if (included) finish({ ok: true, value: included });
      else finish({ ok: false, error: chainError('connection', 'Disconnected', `lost the node while ${txHash} was pending; reconcile before resending`) });
    };
    api.on('disconnected', onDisconnect);

    const settleInBlock = async (blockHash: string, finalized: boolean): Promise<void> => {
      const decoded = await outcomeInBlock(api, blockHash, txHash, finalized);
      if (!decoded) return;
      if (decoded.failure) {
        finish({ ok: false, error: { ...decoded.failure, message: `${decoded.failure.message} (in block #${decoded.inclusion.blockNumber})` } });
        return;
      }
      if (!included) opts.onInBlock?.(decoded.inclusion.blockNumber, blockHash);
      included = decoded.inclusion;
      if (finalized) finish({ ok: true, value: decoded.inclusion });
    };

    api.rpc.author
      .submitAndWatchExtrinsic(tx, (status: StatusLike) => {
        opts.log.debug('tx status', { txHash, status: status.type });
        if (status.isInBlock) void settleInBlock(status.asInBlock.toHex(), false).catch(onReadError);
        else if (status.isFinalized) void settleInBlock(status.asFinalized.toHex(), true).catch(onReadError);
        else if (['Dropped', 'Invalid', 'Usurped'].includes(status.type)) {
          finish({ ok: false, error: chainError('dropped', status.type, `the pool ${status.type.toLowerCase()} ${txHash}; reconcile before resending`) });
        } else if (status.type === 'FinalityTimeout' || status.type === 'Retracted') {
          if (included) finish({ ok: true, value: included });
        }
      })
      .then((u) => {
        unsub = u;
        if (settled) u();
      })
      .catch((e: unknown) => finish({ ok: false, error: fromSubmissionError(e) }));

    function onReadError(e: unknown): void {
      finish({ ok: false, error: chainError('connection', 'ReadFailed', `could not read the block of ${txHash}: ${(e as Error).message}`) });
    }
  });
}
