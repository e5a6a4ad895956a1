/**
 * Sends one signed extrinsic and follows it: in-block, then finalized. Every path ends in a
 * value — a pool refusal, a dispatch failure, a lost connection, a drop, or the timeout — never a
 * hang and never a throw. The following itself (`followTx`) reads statuses as JSON and blocks
 * through a ChainView, so it runs the same on a live node and on recorded statuses.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Logger } from '../../log';
import type { Inclusion, SendOutcome } from '../port';
import { chainError, fromSubmissionError } from '../errors';
import { apiChainView, type ChainView } from './blocks';
import { outcomeInBlock } from './outcome';
import type { Tx } from './metadata';
import { enumVariant } from './wire';

export interface SendOptions {
  timeoutMs: number;
  onInBlock?: (blockNumber: number, blockHash: string) => void;
  log: Logger;
}

/** The transport of one submission. */
export interface Submission {
  /** Sends; calls `onStatus` with each TransactionStatus as `toJSON()`; resolves to the unsubscribe. Rejects on a pool refusal. */
  watch(onStatus: (status: unknown) => void): Promise<() => void>;
  /** Calls back when the connection drops; returns how to stop listening. */
  onDisconnect(cb: () => void): () => void;
}

export function apiSubmission(api: ApiPromise, tx: Tx): Submission {
  return {
    watch: (onStatus) => api.rpc.author.submitAndWatchExtrinsic(tx, (status) => onStatus(status.toJSON())),
    onDisconnect(cb) {
      api.on('disconnected', cb);
      return () => api.off('disconnected', cb);
    },
  };
}

export function sendAndFollow(api: ApiPromise, tx: Tx, opts: SendOptions): Promise<SendOutcome> {
  return followTx(tx.hash.toHex(), apiSubmission(api, tx), apiChainView(api), opts);
}

export function followTx(txHash: string, submission: Submission, chain: ChainView, opts: SendOptions): Promise<SendOutcome> {
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    let included: Inclusion | null = null;
    let unsub: (() => void) | null = null;
    const finish = (o: SendOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopListening();
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
      else
        finish({
          ok: false,
          error: chainError('timeout', 'Timeout', `no inclusion of ${txHash} within ${opts.timeoutMs} ms; reconcile before resending`),
        });
    }, opts.timeoutMs);
    const stopListening = submission.onDisconnect(() => {
      if (included) finish({ ok: true, value: included });
      else
        finish({
          ok: false,
          error: chainError('connection', 'Disconnected', `lost the node while ${txHash} was pending; reconcile before resending`),
        });
    });

    const settleInBlock = async (blockHash: string, finalized: boolean): Promise<void> => {
      const decoded = await outcomeInBlock(chain, blockHash, txHash, finalized);
      if (!decoded || settled) return;
      if (decoded.failure) {
        finish({
          ok: false,
          error: { ...decoded.failure, message: `${decoded.failure.message} (in block #${decoded.inclusion.blockNumber})` },
        });
        return;
      }
      if (!included) opts.onInBlock?.(decoded.inclusion.blockNumber, blockHash);
      included = decoded.inclusion;
      if (finalized) finish({ ok: true, value: decoded.inclusion });
    };

    submission
      .watch((json: unknown) => {
        const status = enumVariant(json);
        opts.log.debug('tx status', { txHash, status: status.type });
        if (status.type === 'InBlock') void settleInBlock(String(status.value), false).catch(onReadError);
        else if (status.type === 'Finalized') void settleInBlock(String(status.value), true).catch(onReadError);
        else if (['Dropped', 'Invalid', 'Usurped'].includes(status.type)) {
          finish({
            ok: false,
            error: chainError('dropped', status.type, `the pool ${status.type.toLowerCase()} ${txHash}; reconcile before resending`),
          });
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
      finish({
        ok: false,
        error: chainError('connection', 'ReadFailed', `could not read the block of ${txHash}: ${(e as Error).message}`),
      });
    }
  });
}
