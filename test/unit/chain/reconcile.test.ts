/**
 * Reconciling a tx recorded as `submitting`, on a signer's history recorded from the dev runtime
 * (scripts/chain/record-fixtures.ts) and replayed as the chain stood at each block: found in a
 * block by hash, still pending, expired with its era, or beaten to its nonce.
 */
import type { BlockView } from '../../../src/chain/subtensor/blocks';
import { afterScan, reconcileTx } from '../../../src/chain/subtensor/reconcile';
import { load, namer, viewAt } from './recorded';

interface Tx {
  txHash: string;
  signer: string;
  nonce: number;
  eraBlock: number;
  validUntilBlock: number;
}

interface ReconcileRecording {
  signer: string;
  heads: { best: number; finalized: number };
  afterExpiry: number;
  txs: { landed: Tx; expired: Tx; taken: Tx };
  blocks: (BlockView & { signerNonce: number })[];
  moduleErrors: Record<string, { section: string; name: string; docs: string }>;
}

const r = load<ReconcileRecording>('reconcile');
const at = (n: number, finalized = n) => viewAt(r.blocks, namer(r.moduleErrors), n, finalized);
const { landed, expired, taken } = r.txs;
const landedIn = r.blocks.find((b) => b.extrinsicHashes.includes(landed.txHash))!;

describe('reconciling recorded transactions', () => {
  it('recorded what the cases need', () => {
    expect(landedIn).toBeDefined();
    expect(expired.nonce).toBe(taken.nonce);
    expect(r.blocks.some((b) => b.extrinsicHashes.includes(expired.txHash) || b.extrinsicHashes.includes(taken.txHash))).toBe(false);
    expect(r.afterExpiry).toBeGreaterThan(expired.validUntilBlock);
  });

  it('finds a landed tx by hash in its era and decodes it, scanning no block outside the era', async () => {
    const view = at(r.heads.best);
    const out = await reconcileTx(view, landed);
    expect(out).toEqual({
      status: 'included',
      inclusion: expect.objectContaining({
        txHash: landed.txHash,
        blockHash: landedIn.hash,
        blockNumber: landedIn.number,
        finalized: true,
        stakes: [expect.objectContaining({ kind: 'added', coldkey: r.signer })],
      }),
    });
    expect(view.asked[0]).toBe(landed.eraBlock);
    expect(view.asked.at(-1)).toBe(landedIn.number);
    expect(view.asked.every((n) => n >= landed.eraBlock && n <= landed.validUntilBlock)).toBe(true);
  });

  it('says whether the block that holds it is finalized', async () => {
    const out = await reconcileTx(at(r.heads.best, landedIn.number - 1), landed);
    expect(out).toMatchObject({ status: 'included', inclusion: { finalized: false } });
  });

  it('keeps a never-sent tx pending while its era lasts, then not included once it ended', async () => {
    for (let n = expired.eraBlock; n <= expired.validUntilBlock; n++)
      expect(await reconcileTx(at(n), expired)).toEqual({ status: 'pending' });
    const view = at(r.afterExpiry);
    expect(await reconcileTx(view, expired)).toEqual({ status: 'not-included' });
    expect(view.asked).toEqual(Array.from({ length: expired.validUntilBlock - expired.eraBlock + 1 }, (_, i) => expired.eraBlock + i));
  });

  it('calls a tx whose nonce another tx used nonce-taken, even before its era ends', async () => {
    expect(taken.validUntilBlock).toBeGreaterThan(r.heads.best);
    expect(await reconcileTx(at(r.heads.best), taken)).toEqual({ status: 'nonce-taken' });
    expect(await reconcileTx(at(r.heads.best), expired)).toEqual({ status: 'nonce-taken' });
    // Before the remark that used the nonce, the same tx was still pending.
    expect(await reconcileTx(at(r.heads.best - 1), taken)).toEqual({ status: 'pending' });
  });
});

describe('after the scan', () => {
  const tx = { nonce: 5, validUntilBlock: 18 };
  it.each([
    [5, 18, 'pending'],
    [5, 19, 'not-included'],
    [6, 10, 'nonce-taken'],
    [6, 19, 'nonce-taken'],
    [4, 19, 'not-included'],
  ])('chain nonce %i at best #%i → %s', (nonce, best, status) => {
    expect(afterScan(nonce, tx, best)).toEqual({ status });
  });
});
