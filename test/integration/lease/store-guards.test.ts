import path from 'node:path';
import { openDb, type Db } from '../../../src/store/db';
import { LeaseStore } from '../../../src/store/lease';
import { DuplicateSubmissionError, FencedWriteError, Ledger, type LedgerEntry } from '../../../src/store/ledger';
import { WorldStore } from '../../../src/store/world';
import type { PreparedTx } from '../../../src/chain/port';
import { tempDir } from '../../helpers/tmp';
import { problem } from '../../../src/domain/problem';
import { OUTCOME } from '../../../src/domain/execution/outcome';

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
  let db: Db;
  let ledger: Ledger;
  beforeAll(async () => {
    db = await openDb(path.join(dir, 'unique.sqlite'));
    ledger = new Ledger(db);
  });
  afterAll(() => db.close());

  it('refuses a duplicate live row through the ledger, counts it, and allows one after a failure', async () => {
    await ledger.recordSubmitting([entry()], tx(1), NOW);
    await expect(ledger.recordSubmitting([entry()], tx(2), NOW)).rejects.toThrow(DuplicateSubmissionError);
    expect(ledger.duplicatesRefused).toBe(1);
    // The refused batch left nothing behind: the transaction is all or nothing.
    expect(await ledger.forPlan('p')).toHaveLength(1);
    // Once the live row failed, the tranche may be tried again.
    await ledger.markRefused('0x1', 'failed', problem(OUTCOME.notIncluded, 'NotIncluded: era expired'), NOW);
    await expect(ledger.recordSubmitting([entry()], tx(3), NOW)).resolves.not.toThrow();
    // Refused rows (skipped, failed) never count as live: any number may exist.
    await ledger.recordRefused(entry(), 'skipped', problem(OUTCOME.refused, 'price'), NOW);
    await ledger.recordRefused(entry(), 'skipped', problem(OUTCOME.refused, 'price'), NOW);
  });

  it('refuses a buggy direct INSERT of a second finalized row, and of a second live phase 1', () => {
    // Straight to the SQLite handle, past the ledger's code: the unique indexes alone must refuse it.
    const insert = db.sqlite!
      .prepare(`INSERT INTO ledger (plan_id, kind, netuid, tranche_index, action, hotkey, amount, status, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'addStake', 'hk', '1', ?, 'x', 'x')`);
    insert.run('q', 'tranche', 4, 0, 'finalized');
    expect(() => insert.run('q', 'tranche', 4, 0, 'in-block')).toThrow(/UNIQUE constraint failed: ledger/);
    expect(() => insert.run('q', 'tranche', 4, 1, 'finalized')).not.toThrow();
    insert.run('q', 'phase1', 0, -1, 'finalized');
    expect(() => insert.run('q', 'phase1', 0, -1, 'submitting')).toThrow(/UNIQUE constraint failed: ledger/);
  });
});

describe('the executor lease and its fencing token', () => {
  let db: Db;
  let lease: LeaseStore;
  let token = 0;
  let ledger: Ledger;
  let world: WorldStore;
  beforeAll(async () => {
    db = await openDb(path.join(dir, 'lease.sqlite'));
    lease = new LeaseStore(db);
    ledger = new Ledger(db, () => token);
    world = new WorldStore(db, () => token);
  });
  afterAll(() => db.close());

  it('grants one holder at a time, renews it with the same token, and takes over after expiry with a higher one', async () => {
    const a = await lease.acquire('a', 3000, 1000);
    expect(a).toMatchObject({ held: true, token: 1, fresh: true });
    expect(await lease.acquire('b', 3000, 2000)).toMatchObject({ held: false, holder: 'a', token: 1 });
    expect(await lease.acquire('a', 3000, 2500, 1)).toMatchObject({ held: true, token: 1, fresh: false, expiresAt: 5500 });
    // a is paused past its lease: b takes it over with a new token.
    expect(await lease.acquire('b', 3000, 6000)).toMatchObject({ held: true, token: 2, fresh: true });
    // a wakes up and tries to renew: refused, b holds it.
    expect(await lease.acquire('a', 3000, 6100, 1)).toMatchObject({ held: false, holder: 'b' });
    await lease.release('b', 2, 7000);
    expect(await lease.acquire('a', 3000, 7000)).toMatchObject({ held: true, token: 3 });
  });

  it('lets the database refuse every write that carries a stale token, and the world save too', async () => {
    token = 3;
    const [id] = await ledger.recordSubmitting([entry({ planId: 'f' })], tx(10), NOW);
    expect(id).toBeGreaterThan(0);
    await world.save('{"version":1}', NOW);
    // Another process takes the lease (token 4); this writer still believes it holds token 3.
    const sqlite = db.sqlite!;
    sqlite.prepare("UPDATE leases SET token = 4, holder = 'other' WHERE name = 'executor'").run();
    await expect(ledger.markInBlock('0x10', 5, '0xb', NOW)).rejects.toThrow(FencedWriteError);
    await expect(ledger.recordSubmitting([entry({ planId: 'f', trancheIndex: 4 })], tx(11), NOW)).rejects.toThrow(FencedWriteError);
    await expect(ledger.markRefused('0x10', 'failed', problem(OUTCOME.refused, 'late'), NOW)).rejects.toThrow(FencedWriteError);
    await expect(world.save('{"version":1,"late":true}', NOW)).rejects.toThrow(/fenced/);
    // Even raw SQL without the token is refused: the check is in the database, not the process.
    expect(() => sqlite.prepare("UPDATE ledger SET status = 'finalized' WHERE tx_hash = '0x10'").run()).toThrow(/fenced/);
    expect((await ledger.forPlan('f')).map((r) => r.status)).toEqual(['submitting']);
    expect(await world.load()).toBe('{"version":1}');
    token = 4;
    await ledger.markInBlock('0x10', 5, '0xb', NOW);
    expect((await ledger.forPlan('f')).map((r) => r.status)).toEqual(['in-block']);
  });
});
