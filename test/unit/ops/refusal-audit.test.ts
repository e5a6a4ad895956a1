import { RefusalAudit } from '../../../src/ops/refusal-audit';

type Entry = { action: string; reason?: string | null; planId?: string | null; data?: unknown };

function setup(max = 3) {
  const entries: Entry[] = [];
  let wall = 1_000_000;
  const at = new Date('2025-03-01T12:00:00Z');
  const audit = new RefusalAudit(
    { append: (e) => entries.push(e) },
    max,
    () => at,
    () => wall,
  );
  return { entries, audit, at, tick: (ms: number) => void (wall += ms) };
}

describe('RefusalAudit', () => {
  it('writes at most N entries a minute, then one summary by kind on the next allowed entry', async () => {
    const { entries, audit, at, tick } = setup(3);
    for (let i = 0; i < 50; i++) await audit.record({ code: i % 5 ? 'ops.malformed' : 'body.too-large', reason: 'r' }, at);
    expect(entries).toHaveLength(3);
    tick(59_000);
    await audit.record({ code: 'ops.stale', reason: 'r' }, at);
    expect(entries).toHaveLength(3);
    tick(1_000);
    await audit.record({ code: 'ops.stale', reason: 'late' }, at);
    expect(entries).toHaveLength(5);
    expect(entries[3]).toMatchObject({
      action: 'ops.refused.summary',
      data: { total: 48, suppressed: { 'ops.malformed': 38, 'body.too-large': 9, 'ops.stale': 1 } },
    });
    expect(entries[3]!.reason).toBe(
      '48 more refusals in the last minute, not written one by one: 38 of kind ops.malformed, 9 of kind body.too-large, 1 of kind ops.stale',
    );
    expect(entries[4]).toMatchObject({ action: 'ops.refused', reason: 'late', data: { code: 'ops.stale' } });
    // The summary counted against the new window: one more entry fits, then counting starts again.
    await audit.record({ code: 'x', reason: 'r' }, at);
    await audit.record({ code: 'x', reason: 'r' }, at);
    expect(entries).toHaveLength(6);
  });

  it('flushes the summary when the window has closed, without a new refusal', async () => {
    const { entries, audit, tick } = setup(1);
    await audit.record({ code: 'a', reason: 'r' }, new Date());
    await audit.record({ code: 'a', reason: 'r' }, new Date());
    await audit.flush();
    expect(entries).toHaveLength(1);
    tick(60_000);
    await audit.flush();
    expect(entries.map((e) => e.action)).toEqual(['ops.refused', 'ops.refused.summary']);
    await audit.close();
  });

  it('bounds what it keeps: reason length, number and length of field names', async () => {
    const { entries, audit } = setup(5);
    await audit.record(
      { code: 'ops.malformed', reason: 'z'.repeat(5000), fields: Array.from({ length: 40 }, (_, i) => `f${i}:${'q'.repeat(200)}`) },
      new Date(),
    );
    const e = entries[0]!;
    expect(e.reason!.length).toBeLessThanOrEqual(200);
    const fields = (e.data as { fields: string[] }).fields;
    expect(fields).toHaveLength(10);
    expect(Math.max(...fields.map((f) => f.length))).toBeLessThanOrEqual(60);
  });
});
