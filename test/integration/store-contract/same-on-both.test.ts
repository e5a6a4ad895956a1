/**
 * The two backends side by side: the same writes at the same moments must leave the same audit
 * chain, entry for entry and hash for hash, so a trail can move between backends and an anchor
 * noted on one verifies on the other.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../../src/store/db';
import { AuditLog } from '../../../src/store/audit';
import { Ledger } from '../../../src/store/ledger';
import { describePostgres, freshDatabase } from '../../helpers/postgres';
import { HUGE, HUGEST, at, auditInputs, entry, inclusion, tx } from './fixtures';
import { problem } from '../../../src/domain/problem';
import { chainOutcome } from '../../../src/domain/execution/outcome';

describePostgres('the audit chain on SQLite and on PostgreSQL', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govbridge-both-'));
  const opened: Db[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const both = async (): Promise<[Db, Db]> => {
    const dbs: [Db, Db] = [await openDb(path.join(dir, `${opened.length}.sqlite`)), await openDb(await freshDatabase())];
    opened.push(...dbs);
    return dbs;
  };

  /** The same history on one store: plain entries, then a ledger round trip that appends its own. */
  const history = async (db: Db): Promise<void> => {
    const audit = new AuditLog(db);
    for (const [i, e] of auditInputs(9).entries()) await audit.append(e, at(i));
    const ledger = new Ledger(db);
    const t = tx(1);
    await ledger.recordSubmitting([entry({ amount: HUGE, limitPrice: HUGEST }), entry({ netuid: 64, hotkey: '5HotkeyB' })], t, at(20));
    await ledger.markInBlock(t.txHash, 2001, '0xb1', at(21));
    const event = { kind: 'added' as const, coldkey: '5Cold', taoRao: HUGE, alpha: HUGEST, feeRao: 3n };
    await ledger.markIncluded(t.txHash, inclusion(t, { stakes: [{ ...event, netuid: 51, hotkey: '5HotkeyA' }] }), at(22));
    await ledger.recordRefused(
      entry({ trancheIndex: 1 }),
      'skipped',
      problem(chainOutcome('SlippageTooHigh'), 'SlippageTooHigh: price moved'),
      at(23),
    );
  };

  it('gives the same entries and the same head hash for the same inputs and timestamps', async () => {
    const [lite, pg] = await both();
    await history(lite);
    await history(pg);
    const [a, b] = [new AuditLog(lite), new AuditLog(pg)];
    const head = await a.head();
    expect(head).not.toBeNull();
    expect(head!.seq).toBeGreaterThan(9);
    expect(await b.head()).toEqual(head);
    expect((await b.page(null, 1000)).entries).toEqual((await a.page(null, 1000)).entries);
    expect(await a.verify()).toEqual({ ok: true, count: head!.seq });
    // An anchor noted on one backend holds on the other.
    expect(await b.verify(head!)).toEqual({ ok: true, count: head!.seq });
    expect(await b.countByAction()).toEqual(await a.countByAction());
  });

  it('gives the same ledger rows, amounts included', async () => {
    const [lite, pg] = await both();
    await history(lite);
    await history(pg);
    // Ids and all else come from the same writes in the same order.
    expect(await new Ledger(pg).forPlan('plan-a')).toEqual(await new Ledger(lite).forPlan('plan-a'));
    expect(await new Ledger(pg).progress('plan-a')).toEqual(await new Ledger(lite).progress('plan-a'));
  });
});
