/**
 * After a crash, what happened to a tx recorded as `submitting` (docs/design.md §6)? Its mortal era bounds
 * where it can be: the blocks from its era's start to its last valid block. Scan them; if it is
 * not there, the signer's nonce and the era tell whether it can still land.
 */
import type { PreparedTx, Reconciliation } from '../port';
import type { ChainView } from './blocks';
import { outcomeInBlock } from './outcome';

type Recorded = Pick<PreparedTx, 'txHash' | 'signer' | 'nonce' | 'eraBlock' | 'validUntilBlock'>;

export async function reconcileTx(chain: ChainView, tx: Recorded): Promise<Reconciliation> {
  const { best, finalized } = await chain.heads();
  const last = Math.min(best, tx.validUntilBlock);
  for (let n = Math.max(tx.eraBlock, 1); n <= last; n++) {
    const hash = await chain.blockHash(n);
    const decoded = await outcomeInBlock(chain, hash, tx.txHash, n <= finalized);
    if (!decoded) continue;
    return decoded.failure
      ? { status: 'included', inclusion: decoded.inclusion, failure: decoded.failure }
      : { status: 'included', inclusion: decoded.inclusion };
  }
  return afterScan(await chain.nonce(tx.signer), tx, best);
}

/** Not in any block of its era: a used nonce or an ended era means it can never land. */
export function afterScan(chainNonce: number, tx: Pick<Recorded, 'nonce' | 'validUntilBlock'>, best: number): Reconciliation {
  if (chainNonce > tx.nonce) return { status: 'nonce-taken' };
  return best > tx.validUntilBlock ? { status: 'not-included' } : { status: 'pending' };
}
