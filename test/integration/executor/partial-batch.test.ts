import path from 'node:path';
import { openDb, type Db } from '../../../src/store/db';
import { Ledger, type LedgerEntry } from '../../../src/store/ledger';
import type { PreparedTx } from '../../../src/chain/port';
import { tempDir } from '../../helpers/tmp';

/**
 * On spec 293 the Staking proxy cannot wrap utility calls, so the adapter sends
 * batch_all([proxy(stake_i)…]): one extrinsic, not atomic. The ledger must end each action
 * with its own outcome — never a failed stake recorded as finalized.
 */
describe('ledger: a non-atomic batch with one failed action', () => {
  const dir = tempDir();

  let db: Db;
  beforeAll(async () => {
    db = await openDb(path.join(dir, 'l.sqlite'));
  });
  afterAll(() => db.close());

  it('finalizes the actions that landed and skips the one refused for price', async () => {
    const ledger = new Ledger(db);
    const now = new Date('2025-02-15T00:00:00Z');
    const entry = (netuid: number): LedgerEntry => ({
      planId: 'p',
      kind: 'tranche',
      netuid,
      trancheIndex: 1,
      action: 'addStakeLimit',
      hotkey: `hk${netuid}`,
      amount: 1_000_000_000n,
      price: 10n ** 9n,
      limitPrice: 102n * 10n ** 7n,
    });
    const tx: PreparedTx = { txHash: '0xaa', callHash: '0xbb', signer: 'me', nonce: 7, eraBlock: 10, validUntilBlock: 74, actions: [] };
    await ledger.recordSubmitting([entry(51), entry(64), entry(19)], tx, now);
    const stake = (netuid: number) => ({
      kind: 'added' as const,
      coldkey: 't',
      hotkey: `hk${netuid}`,
      netuid,
      taoRao: 999_000_000n,
      alpha: 990_000_000n,
      feeRao: 1_000_000n,
    });
    await ledger.markIncluded(
      '0xaa',
      {
        txHash: '0xaa',
        blockHash: '0xcc',
        blockNumber: 12,
        finalized: true,
        feeRao: 650_000n,
        stakes: [stake(51), stake(19)],
        failures: [
          { index: 1, error: { kind: 'module', name: 'SlippageTooHigh', message: 'price moved past the limit', priceRefusal: true } },
        ],
      },
      now,
    );
    const rows = await ledger.byTx('0xaa');
    expect(rows.map((r) => [r.netuid, r.status])).toEqual([
      [51, 'finalized'],
      [64, 'skipped'],
      [19, 'finalized'],
    ]);
    expect(rows[1]!.reason).toBe('SlippageTooHigh: price moved past the limit');
    expect(rows[1]!.alpha).toBeNull();
    expect(rows[2]!.alpha).toBe(990_000_000n);
  });
});
