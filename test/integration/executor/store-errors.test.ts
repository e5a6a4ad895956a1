import { measured } from '../../../src/jobs/measured';
import type { Db } from '../../../src/store/db';
import { problem } from '../../../src/domain/problem';
import type { TickReport } from '../../../src/executor/report';
import { SEED_START, harness, seedPlan, type Harness } from '../../helpers/executor';

/**
 * Takes every free page and fills the ledger's last ones, so its next row needs a page it cannot
 * have. It works on the SQLite handle itself: a page limit is SQLite's own way to fill a disk.
 */
function fillLedger(db: Db): void {
  const sqlite = db.sqlite!;
  sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
  const insert = sqlite.prepare(
    "INSERT INTO ledger (plan_id, kind, netuid, tranche_index, action, hotkey, amount, status, created_at, updated_at) VALUES ('filler', 'tranche', 0, ?, 'addStake', 'h', '1', 'failed', '', '')",
  );
  for (let i = 0; ; i++) {
    try {
      insert.run(i);
    } catch (e) {
      expect((e as { code?: string }).code).toBe('SQLITE_FULL');
      return;
    }
  }
}

describe('a full disk during a tick', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    h.plans.add('seed', seedPlan());
  });
  afterAll(() => h.close());

  it('is labelled a store error by the executor, sends nothing, and is counted as a store error, not a chain error', async () => {
    fillLedger(h.db);
    const counted = { ok: 0, chain: [] as string[], store: [] as string[] };
    const job = measured(
      h.executor(),
      () => void counted.ok++,
      (k) => void counted.chain.push(k),
      (p) => void counted.store.push(p),
    );
    const report = (await job.runOnce(SEED_START)) as TickReport;
    expect(report.problems.map((p) => p.code)).toEqual(['tick.store.disk-full']);
    expect(counted).toEqual({ ok: 0, chain: [], store: ['disk-full'] });
    // The row is written before the transaction is sent: a row that cannot be written means nothing was sent.
    expect(h.chain.trades).toEqual([]);
  });
});

describe('measured', () => {
  it('labels problems by their codes, routes store codes and labels to the store, and a skipped run is neither', async () => {
    const seen: string[] = [];
    const job = (report: unknown) =>
      measured(
        { name: 't', runOnce: () => Promise.resolve(report) },
        () => void seen.push('ok'),
        (k) => void seen.push(`err:${k}`),
        (p) => void seen.push(`store:${p}`),
      );
    await job({ problems: [problem('tick.chain.invalid-tx', 'Rejected: the chain said no (1010)')] }).runOnce(new Date());
    await job({ problems: [problem('tick.internal', 'Rejected: worded like the chain, coded otherwise')] }).runOnce(new Date());
    await job({ problems: [problem('tick.store.read-only', 'attempt to write a readonly database')] }).runOnce(new Date());
    await job({ error: 'timeout after 2 s', errorKind: 'timeout' }).runOnce(new Date());
    await job({ error: 'database or disk is full', errorKind: 'store:disk-full' }).runOnce(new Date());
    await job({ skipped: 'store', problem: 'file-deleted' }).runOnce(new Date());
    await job({ problems: [] }).runOnce(new Date());
    expect(seen).toEqual(['err:invalid-tx', 'err:internal', 'store:read-only', 'err:timeout', 'store:disk-full', 'ok']);
  });
});
