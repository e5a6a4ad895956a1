import Database from 'better-sqlite3';
import { AuditLog } from '../../../src/store/audit';
import type { Executor } from '../../../src/executor/executor';
import { DAY_MS, SEED_START, harness, seedPlan, type Harness } from '../../helpers/executor';

/** The money movements are in the tamper-evident chain, written by the ledger itself. */
describe('audit trail: every ledger write is chained', () => {
  // Called while the block is collected: the harness registers its own clean-up hooks.
  const opening = harness();
  let h: Harness;
  let exec: Executor;
  let audit: AuditLog;
  beforeAll(async () => {
    h = await opening;
    h.plans.add('seed', seedPlan());
    exec = h.executor();
    audit = new AuditLog(h.db);
  });

  it('records each submission and each outcome with tx hash, block and amounts', async () => {
    for (let t = SEED_START.getTime(); t <= SEED_START.getTime() + 60 * DAY_MS; t += 12 * 3600_000) {
      h.setTime(t);
      expect((await exec.runOnce(new Date(t))).problems).toEqual([]);
    }
    const rows = await h.ledger.forPlan('seed');
    const entries = (await audit.page(null, 5000)).entries;
    const finalized = entries.filter((e) => e.action === 'ledger.finalized');
    expect(finalized).toHaveLength(rows.filter((r) => r.status === 'finalized').length);
    expect(entries.filter((e) => e.action === 'ledger.submitted')).toHaveLength(rows.filter((r) => r.txHash !== null).length);
    // Each outcome names its ledger row and carries exactly what the ledger holds for it.
    for (const r of rows) {
      const e = finalized.find((x) => (x.data as { ledgerId: number }).ledgerId === r.id)!;
      expect(e).toMatchObject({ actor: 'executor', planId: 'seed' });
      expect(e.data).toMatchObject({
        txHash: r.txHash,
        blockNumber: r.blockNumber,
        amount: r.amount.toString(),
        taoRao: r.taoRao?.toString() ?? null,
        feeRao: r.feeRao?.toString() ?? null,
      });
    }
    expect(await audit.verify()).toEqual({ ok: true, count: entries.length });
    expect((await audit.countByAction()).find((k) => k.action === 'ledger.finalized')?.count).toBe(296);
  });

  it('a changed amount in a ledger audit entry breaks the chain at that entry', async () => {
    const seq = (await audit.page(null, 5000)).entries.find((e) => e.action === 'ledger.finalized')!.seq;
    const raw = new Database(h.db.file!);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare('UPDATE audit_log SET data = replace(data, \'"amount":"\', \'"amount":"1\') WHERE seq = ?').run(seq);
    raw.close();
    expect(await audit.verify()).toEqual({ ok: false, brokenAt: seq, reason: expect.stringMatching(/altered/) });
  });
});
