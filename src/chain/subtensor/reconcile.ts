/**
 * After a crash, what happened to a tx recorded as `submitting` (docs/design.md §6)? Its mortal era bounds
 * where it can be: the blocks from its era's start to its last valid block. Scan them; if it is
 * not there, the signer's nonce and the era tell whether it can still land.
 */
import type { ApiPromise } from '@polkadot/api';
import type { PreparedTx, Reconciliation } from '../port';
import { outcomeInBlock } from './outcome';
import { accountNonce } from './reads';

type Recorded = Pick<PreparedTx, 'txHash' | 'signer' | 'nonce' | 'eraBlock' | 'validUntilBlock'>;

export async function reconcileTx(api: ApiPromise, tx: Recorded): Promise<Reconciliation> {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const finalizedHash = await api.rpc.chain.getFinalizedHead();
  const finalizedNumber = (await api.rpc.chain.getHeader(finalizedHash)).number.toNumber();
  const last = Math.min(best, tx.validUntilBlock);
  for (let n = Math.max(tx.eraBlock, 1); n <= last; n++) {
    const hash = (await api.rpc.chain.getBlockHash(n)).toHex();
    const decoded = await outcomeInBlock(api, hash, tx.txHash, n <= finalizedNumber);
    if (!decoded) continue;
    return decoded.failure
      ? { status: 'included', inclusion: decoded.inclusion, failure: decoded.failure }
      : { status: 'included', inclusion: decoded.inclusion };
  }
  const nonce = await accountNonce(api, tx.signer);
  if (nonce > tx.nonce) return { status: 'nonce-taken' };
  return best > tx.validUntilBlock ? { status: 'not-included' } : { status: 'pending' };
}
