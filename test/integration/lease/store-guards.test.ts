import path from 'node:path';
import { openDb } from '../../../src/store/db';
import { LeaseStore } from '../../../src/store/lease';
import { DuplicateSubmissionError, FencedWriteError, Ledger, type LedgerEntry } from '../../../src/store/ledger';
import { WorldStore } from '../../../src/store/world';
import type { PreparedTx } from '../../../src/chain/port';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir();
const NOW = new Date('2025-03-01T00:00:00Z');
const entry = (over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  planId: 'p',
  kind: 'tranche',
  netuid: 51,
  trancheIndex: 3,
  action: 'addStakeLimit',
  hotkey: 'hk',
  amount: 749_152_542n,
  price: 1n,
  limitPrice: 2n,
  ...over,
});
const tx = (n: number): PreparedTx => ({
  txHash: `0x${n}`,
  callHash: '0xc',
  signer: 's',
  nonce: n,
  eraBlock: 1,
  validUntilBlock: 65,
  actions: [],
});

describe('the store forbids a second live submission of a tranche', () => {
  const db = openDb(path.join(dir, 'unique.sqlite'));
  afterAll(() => db.close());
  const ledger = new Ledger(db);

  it('refuses a duplicate live row through the ledger, counts it, and allows one after a failure', () => {
    ledger.recordSubmitting([entry()], tx(1), NOW);
    expect(() => ledger.recordSubmitting([entry()], tx(2), NOW)).toThrow(DuplicateSubmissionError);
    expect(ledger.duplicatesRefused).toBe(1);
    // The refused batch left nothing behind: the transaction is all or nothing.
    expect(ledger.forPlan('p')).toHaveLength(1);
    // Once the live row failed, the tranche may be tried again.
    ledger.markRefused('0x1', 'failed', 'NotIncluded: era expired', NOW);
    expect(() => ledger.recordSubmitting([entry()], tx(3), NOW)).not.toThrow();
    // Refused rows (skipped, failed) never count as live: any number may exist.
    ledger.recordRefused(entry(), 'skipped', 'price', NOW);
    ledger.recordRefused(entry(), 'skipped', 'price', NOW);
  });

  it('refuses a buggy direct INSERT of a second finalized row, and of a second live phase 1', () => {
    const insert =
      db.prepare(`INSERT INTO ledger (plan_id, kind, netuid, tranche_index, action, hotkey, amount, status, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'addStake', 'hk', '1', ?, 'x', 'x')`);
    insert.run('q', 'tranche', 4, 0, 'finalized');
    expect(() => insert.run('q', 'tranche', 4, 0, 'in-block')).toThrow(/UNIQUE constraint failed: ledger/);
    expect(() => insert.run('q', 'tranche', 4, 1, 'finalized')).not.toThrow();
    insert.run('q', 'phase1', 0, -1, 'finalized');
    expect(() => insert.run('q', 'phase1', 0, -1, 'submitting')).toThrow(/UNIQUE constraint failed: ledger/);
  });
});

describe('the executor lease and its fencing token', () => {
  const db = openDb(path.join(dir, 'lease.sqlite'));
  afterAll(() => db.close());
  const lease = new LeaseStore(db);
  let token = 0;
  const ledger = new Ledger(db, () => token);
  const world = new WorldStore(db, () => token);

  it('grants one holder at a time, renews it with the same token, and takes over after expiry with a higher one', () => {
    const a = lease.acquire('a', 3000, 1000);
    expect(a).toMatchObject({ held: true, token: 1, fresh: true });
    expect(lease.acquire('b', 3000, 2000)).toMatchObject({ held: false, holder: 'a', token: 1 });
    expect(lease.acquire('a', 3000, 2500, 1)).toMatchObject({ held: true, token: 1, fresh: false, expiresAt: 5500 });
    // a is paused past its lease: b takes it over with a new token.
    expect(lease.acquire('b', 3000, 6000)).toMatchObject({ held: true, token: 2, fresh: true });
    // a wakes up and tries to renew: refused, b holds it.
    expect(lease.acquire('a', 3000, 6100, 1)).toMatchObject({ held: false, holder: 'b' });
    lease.release('b', 2, 7000);
    expect(lease.acquire('a', 3000, 7000)).toMatchObject({ held: true, token: 3 });
  });

  it('lets the database refuse every write that carries a stale token, and the world save too', () => {
    token = 3;
    const [id] = ledger.recordSubmitting([entry({ planId: 'f' })], tx(10), NOW);
    expect(id).toBeGreaterThan(0);
    world.save('{"version":1}', NOW);
    // Another process takes the lease (token 4); this writer still believes it holds token 3.
    db.prepare("UPDATE leases SET token = 4, holder = 'other' WHERE name = 'executor'").run();
    expect(() => ledger.markInBlock('0x10', 5, '0xb', NOW)).toThrow(FencedWriteError);
    expect(() => ledger.recordSubmitting([entry({ planId: 'f', trancheIndex: 4 })], tx(11), NOW)).toThrow(FencedWriteError);
    expect(() => ledger.markRefused('0x10', 'failed', 'late', NOW)).toThrow(FencedWriteError);
    expect(() => world.save('{"version":1,"late":true}', NOW)).toThrow(/fenced/);
    // Even raw SQL without the token is refused: the check is in the database, not the process.
    expect(() => db.prepare("UPDATE ledger SET status = 'finalized' WHERE tx_hash = '0x10'").run()).toThrow(/fenced/);
    expect(ledger.forPlan('f').map((r) => r.status)).toEqual(['submitting']);
    expect(world.load()).toBe('{"version":1}');
    token = 4;
    ledger.markInBlock('0x10', 5, '0xb', NOW);
    expect(ledger.forPlan('f').map((r) => r.status)).toEqual(['in-block']);
  });
});
