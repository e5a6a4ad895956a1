/**
 * Migration 17 on a store written by an older release: refused rows get their outcome code from
 * the reason that release wrote, on SQLite and on PostgreSQL alike, even when the rows carry the
 * fencing tokens of former leaders; and the fencing rule holds again afterwards.
 */
import { openDb, schemaVersion, type Db } from '../../../src/store/db';
import { migratePostgres, migrateSqlite } from '../../../src/store/migrate';
import { migrations as sqliteMigrations } from '../../../src/store/migrations/sqlite';
import { migrations as postgresMigrations } from '../../../src/store/migrations/postgres';
import { FencedWriteError, Ledger } from '../../../src/store/ledger';
import { OUTCOME, chainOutcome } from '../../../src/domain/execution/outcome';
import { problem } from '../../../src/domain/problem';
import { describeBackends } from '../../helpers/postgres';
import { T0, tx } from './fixtures';

/** Status and reason of the rows an older release wrote, with the code each must end with. */
const OLD_ROWS: { status: string; reason: string | null; code: string | null }[] = [
  { status: 'failed', reason: 'NotIncluded: its era expired unused; the amount returns to the plan', code: OUTCOME.notIncluded },
  { status: 'failed', reason: 'NotIncluded: another transaction used its nonce', code: OUTCOME.notIncluded },
  {
    status: 'skipped',
    reason: 'SlippageTooHigh: the price after the buy (9) would exceed the limit 8',
    code: chainOutcome('SlippageTooHigh'),
  },
  {
    status: 'failed',
    reason: 'NotEnoughBalanceToStake: SubtensorModule.NotEnoughBalanceToStake',
    code: chainOutcome('NotEnoughBalanceToStake'),
  },
  { status: 'failed', reason: 'not signed: BalanceTooLow: the chain refused; Stale: too old', code: chainOutcome('BalanceTooLow') },
  { status: 'skipped', reason: 'price', code: OUTCOME.refused },
  { status: 'failed', reason: 'the node said: no (1010)', code: OUTCOME.refused },
  { status: 'failed', reason: null, code: OUTCOME.refused },
  // Rows that were not refused keep no code, whatever their reason says.
  { status: 'finalized', reason: null, code: null },
  { status: 'in-block', reason: 'multisig: waiting for the other signers', code: null },
  { status: 'finalized', reason: 'NotIncluded: worded like a lost tx, but it landed', code: null },
];

describeBackends('migration 17, ledger outcome codes', (backend) => {
  const opened: Db[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
  });

  /** A store at the schema before migration 17, with the rows above under a former leader's token. */
  async function oldStore(target: string): Promise<void> {
    const db = await openDb(target, { migrate: false });
    if (db.sqlite)
      migrateSqlite(
        db.sqlite,
        sqliteMigrations.filter((m) => m.version < 17),
      );
    else
      await migratePostgres(
        db.q,
        postgresMigrations.filter((m) => m.version < 17),
      );
    expect(await schemaVersion(db)).toBe(16);
    for (const [i, r] of OLD_ROWS.entries()) {
      await db.q
        .insertInto('ledger')
        .values({
          plan_id: 'old',
          kind: 'tranche',
          netuid: 51,
          tranche_index: i,
          action: 'addStakeLimit',
          hotkey: 'hk',
          amount: '1000',
          status: r.status,
          reason: r.reason,
          tx_hash: tx(i).txHash,
          created_at: T0.toISOString(),
          updated_at: T0.toISOString(),
          fence_token: 3,
        })
        .execute();
    }
    // The lease moved on since: the rows' token is no longer the current one.
    await db.q.insertInto('leases').values({ name: 'executor', holder: 'now', token: 5, expires_at: 0, acquired_at: 0 }).execute();
    await db.close();
  }

  it('codes every refused row from its reason, and leaves the fencing rule in force', async () => {
    const target = await backend.target();
    await oldStore(target);
    const db = await openDb(target);
    opened.push(db);
    expect(await schemaVersion(db)).toBe(17);

    const rows = await new Ledger(db).forPlan('old');
    expect(rows.map((r) => [r.reason, r.outcomeCode])).toEqual(OLD_ROWS.map((r) => [r.reason, r.code]));
    // The executor's view decides from the code alone.
    const progress = await new Ledger(db).progress('old');
    expect(progress.filter((p) => p.outcomeCode === OUTCOME.notIncluded).map((p) => p.trancheIndex)).toEqual([0, 1]);

    // A writer with the former leader's token is still refused, and one with the current token is not.
    const lost = problem(OUTCOME.notIncluded, 'NotIncluded: its era expired unused');
    await expect(new Ledger(db, () => 3).markRefused(tx(9).txHash, 'failed', lost, T0)).rejects.toThrow(FencedWriteError);
    await new Ledger(db, () => 5).markRefused(tx(9).txHash, 'failed', lost, T0);
    expect((await new Ledger(db).byTx(tx(9).txHash)).map((r) => [r.status, r.outcomeCode])).toEqual([['failed', OUTCOME.notIncluded]]);
  });
});
