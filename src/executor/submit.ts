import type { ChainError, ChainPort } from '../chain/port';
import type { Logger } from '../log';
import { refusalProblem } from '../chain/errors';
import { problem } from '../domain/problem';
import { DuplicateSubmissionError, type Ledger, type LedgerEntry } from '../store/ledger';

export type SubmitResult = 'included' | 'refused' | 'unknown';

/** Errors after which the tx may still land: the rows stay `submitting` for reconciliation. */
const UNCERTAIN: readonly ChainError['kind'][] = ['timeout', 'dropped', 'connection'];

export const describe = (e: ChainError): string => `${e.name}: ${e.message}`;

/**
 * Signs one transaction for the entries (a batch when several), writes every row as
 * `submitting` with the tx's identity BEFORE sending, then records what the chain said. An
 * answer that leaves the outcome unknown keeps the rows `submitting`; they are reconciled from
 * the chain on the next tick and never resent blindly. An exception (a crash) leaves them too.
 */
export async function submit(chain: ChainPort, ledger: Ledger, entries: LedgerEntry[], now: Date, log: Logger): Promise<SubmitResult> {
  const actions = entries.map((e) =>
    e.action === 'addStakeLimit'
      ? { kind: e.action, hotkey: e.hotkey, netuid: e.netuid, amountRao: e.amount, limitPrice: e.limitPrice ?? 0n }
      : e.action === 'addStake'
        ? { kind: e.action, hotkey: e.hotkey, netuid: e.netuid, amountRao: e.amount }
        : e.action === 'removeStake'
          ? { kind: e.action, hotkey: e.hotkey, netuid: e.netuid, amountAlpha: e.amount }
          : { kind: e.action, hotkey: e.hotkey, netuid: e.netuid, amountAlpha: e.amount, limitPrice: e.limitPrice ?? 0n },
  );
  const prepared = await chain.prepare(actions);
  if (!prepared.ok) {
    const reason = prepared.errors.map(describe).join('; ');
    // Coded by the first refusal: the one that stopped the signing.
    const first = refusalProblem(prepared.errors[0]!);
    const why = problem(first.code, `not signed: ${reason}`, first.data);
    for (const e of entries) await ledger.recordRefused(e, 'failed', why, now);
    log.error('transaction could not be prepared', { reason, actions: entries.length });
    return 'refused';
  }
  const tx = prepared.value;
  try {
    await ledger.recordSubmitting(entries, tx, now);
  } catch (e) {
    // The store refused a second live row for a tranche: another writer got there first. The
    // tx is never sent; the row that exists is the one that counts.
    if (!(e instanceof DuplicateSubmissionError)) throw e;
    log.error('duplicate submission refused by the store; not sent', { txHash: tx.txHash, error: e.message });
    return 'refused';
  }
  log.info('sending', { txHash: tx.txHash, nonce: tx.nonce, eraBlock: tx.eraBlock, actions: entries.length });
  // The chain reports inclusion through a plain callback while it follows the transaction; the
  // ledger write that records it is chained here and awaited once the chain has answered, so
  // that it lands before the final status, and its failure (a fenced writer) is not lost.
  let inBlock: Promise<void> = Promise.resolve();
  const onInBlock = (blockNumber: number, blockHash: string): void => {
    inBlock = inBlock.then(() => ledger.markInBlock(tx.txHash, blockNumber, blockHash, now));
    // Marked as handled at once: the error is rethrown below by awaiting `inBlock`.
    inBlock.catch(() => undefined);
  };
  // Also when send throws, the in-block write is let finish before the error goes up.
  const outcome = await chain.send(tx, onInBlock).finally(() => inBlock.catch(() => undefined));
  await inBlock;
  if (outcome.ok) {
    await ledger.markIncluded(tx.txHash, outcome.value, now);
    log.info('included', { txHash: tx.txHash, block: outcome.value.blockNumber, finalized: outcome.value.finalized });
    return 'included';
  }
  const e = outcome.error;
  if (UNCERTAIN.includes(e.kind)) {
    log.warn('outcome unknown; will reconcile from the chain', { txHash: tx.txHash, error: describe(e) });
    return 'unknown';
  }
  await ledger.markRefused(tx.txHash, e.priceRefusal ? 'skipped' : 'failed', refusalProblem(e), now);
  log.warn(e.priceRefusal ? 'refused for price; will retry' : 'refused by the chain', { txHash: tx.txHash, error: describe(e) });
  return 'refused';
}
