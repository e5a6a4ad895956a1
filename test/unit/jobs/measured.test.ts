import { labelOf, measured } from '../../../src/jobs/measured';
import { problem } from '../../../src/domain/problem';

/** Runs one job reporting `report` under measured, and returns what each callback was told. */
async function seen(report: unknown): Promise<string[]> {
  const out: string[] = [];
  const job = measured(
    { name: 't', runOnce: () => Promise.resolve(report) },
    () => void out.push('ok'),
    (kind, message) => void out.push(`error ${kind}: ${message}`),
    (p, message) => void out.push(`store ${p}: ${message}`),
  );
  await job.runOnce(new Date());
  return out;
}

describe('labelOf', () => {
  it("drops the job's family, and a chain error's family too", () => {
    expect(labelOf('tick.chain.timeout')).toBe('timeout');
    expect(labelOf('tick.chain.invalid-tx')).toBe('invalid-tx');
    expect(labelOf('tick.internal')).toBe('internal');
    expect(labelOf('tick.fenced')).toBe('fenced');
    expect(labelOf('internal')).toBe('internal');
  });
});

describe('measured', () => {
  it('counts each problem under the label of its code, never of its words', async () => {
    const report = { problems: [problem('tick.chain.connection', 'Rejected: lost the node'), problem('tick.internal', 'boom')] };
    expect(await seen(report)).toEqual(['error connection: Rejected: lost the node', 'error internal: boom']);
  });

  it('sends `<job>.store.<problem>` codes and `store:<problem>` labels to the store, not to the job', async () => {
    expect(await seen({ problems: [problem('tick.store.disk-full', 'database or disk is full')] })).toEqual([
      'store disk-full: database or disk is full',
    ]);
    expect(await seen({ error: 'attempt to write a readonly database', errorKind: 'store:read-only' })).toEqual([
      'store read-only: attempt to write a readonly database',
    ]);
  });

  it("labels a job's single error by its kind, `unknown` without one", async () => {
    expect(await seen({ error: 'timeout after 2 s', errorKind: 'timeout' })).toEqual(['error timeout: timeout after 2 s']);
    expect(await seen({ error: 'lost' })).toEqual(['error unknown: lost']);
  });

  it('is a success without problems, and neither for a skipped run', async () => {
    expect(await seen({ problems: [] })).toEqual(['ok']);
    expect(await seen(undefined)).toEqual(['ok']);
    expect(await seen({ skipped: 'store', problems: [problem('tick.internal', 'x')] })).toEqual([]);
  });
});
