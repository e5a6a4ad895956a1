import { hubData, SEED_ID } from '../../fixtures/hub/proposals';
import { tempDir } from '../../helpers/tmp';
import { quietLogger } from '../../../src/log';
import { createSource } from '../../../src/sources';
import { LoopbackHub, type Fault } from '../../fixtures/hub/server';
import { dbIn, instantTiming, rig, sourceConfig, type Rig } from './setup';

const dir = tempDir();
const N = 1200;
let hub: LoopbackHub;

beforeAll(async () => {
  hub = await new LoopbackHub(hubData(N)).start();
});
afterAll(() => hub.stop());
beforeEach(() => {
  hub.data = hubData(N);
  hub.faults = [];
  hub.faultFor = null;
  hub.mangle = null;
});

const config = (extra: Parameters<typeof sourceConfig>[1] = {}) => sourceConfig(dir, { hubUrl: hub.url, timeoutMs: 300, ...extra });
let seq = 0;
const fresh = (timing = instantTiming(), extra: Parameters<typeof sourceConfig>[1] = {}): Rig & { timing: typeof timing } => ({
  ...rig(dbIn(dir, `faults-${++seq}`), config(extra), { timing }),
  timing,
});
/** Fault the n-th request from now (1-based) and only it. */
const faultAt = (n: number, fault: Fault): void => {
  const base = hub.requests.length;
  hub.faultFor = (k) => (k - base === n ? fault : null);
};

/** Nothing lost, nothing handed on twice, cursor at the last end with the ids seen there. */
function expectComplete(r: Rig): void {
  expect(r.handed.length).toBe(new Set(r.handed).size);
  expect([...r.handed].sort()).toEqual(hub.data.map((p) => p.id).sort());
  expect(r.store.cursor('rokonetwork.eth')).toEqual({ end: Math.max(...hub.data.map((p) => p.end)), ids: [SEED_ID] });
  expect(r.store.countByStatus('rokonetwork.eth')).toEqual({ new: 0, 'final-pending': 0, held: 0, done: N + 1 });
}

describe('hub faults', () => {
  it('honours Retry-After on a 429 and completes', async () => {
    const r = fresh();
    faultAt(3, { kind: 'status', status: 429, headers: { 'Retry-After': '2' } });
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect(r.timing.sleeps).toEqual([2000]);
    expect(report.requests).toBe(14);
    expectComplete(r);
  });

  it('honours RateLimit-Reset when Retry-After is absent', async () => {
    const r = fresh();
    faultAt(2, { kind: 'status', status: 429, headers: { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '7' } });
    await r.poller.runOnce(new Date());
    expect(r.timing.sleeps).toEqual([7000]);
    expectComplete(r);
  });

  it('backs off exponentially with jitter through 500s', async () => {
    const r = fresh();
    const base = hub.requests.length;
    hub.faultFor = (k) => (k - base === 5 || k - base === 6 ? { kind: 'status', status: 500 } : null);
    const report = await r.poller.runOnce(new Date());
    // baseDelayMs 10, jitter 0.5 of the ceiling: 5 ms, then 10 ms.
    expect(r.timing.sleeps).toEqual([5, 10]);
    expect(report.requests).toBe(15);
    expectComplete(r);
  });

  it('times out a hanging request and retries it', async () => {
    const r = fresh();
    faultAt(2, { kind: 'hang' });
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect(report.requests).toBe(14);
    expectComplete(r);
  });

  it('retries a truncated JSON body', async () => {
    const r = fresh();
    faultAt(4, { kind: 'truncate' });
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect(report.requests).toBe(14);
    expectComplete(r);
  });

  it('quarantines a record missing scores, processes the rest of its page, and takes it once it is fixed', async () => {
    const broken = hub.data[150]!;
    const scores = broken.scores;
    broken.scores = null;
    const r = fresh();
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect(report.processed).toHaveLength(N);
    expect(r.handed).not.toContain(broken.id);
    const q = r.store.quarantined('rokonetwork.eth');
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ source: 'snapshot', proposalId: broken.id, resolved: false });
    expect(q[0]!.reason).toMatch(/^scores: /);
    expect(JSON.parse(q[0]!.raw)).toMatchObject({ id: broken.id, scores: null });

    // Still broken: re-checked by id, kept in quarantine once (not duplicated), nothing handed on.
    const again = await r.poller.runOnce(new Date());
    expect(again.requests).toBe(2);
    expect(r.store.quarantined('rokonetwork.eth')).toMatchObject([{ times: 2, resolved: false }]);

    broken.scores = scores;
    const fixed = await r.poller.runOnce(new Date());
    expect(fixed.processed.map((l) => l.id)).toEqual([broken.id]);
    expect(r.store.quarantined('rokonetwork.eth')[0]!.resolved).toBe(true);
    expectComplete(r);
    expect((await r.poller.runOnce(new Date())).requests).toBe(1);
  });

  it('hands on each id once when pages repeat ids within and across pages', async () => {
    let previous: typeof hub.data = [];
    hub.mangle = (items) => {
      const out = [...previous.slice(-5), ...items, ...items.slice(0, 3)];
      previous = items;
      return out;
    };
    const r = fresh();
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect(report.counts.duplicates).toBeGreaterThan(0);
    expectComplete(r);
  });

  it('keeps what it read when the hub goes down mid-pagination and resumes from the cursor', async () => {
    const r = fresh();
    const base = hub.requests.length;
    hub.faultFor = (k) => (k - base >= 5 ? { kind: 'reset' } : null);
    const down = await r.poller.runOnce(new Date());
    expect(down.error).toMatch(/snapshot/);
    expect(down.pages).toBe(4);
    // Pages overlap by the tie at their last second (the walk re-reads it with end_gte): 100 + 3 × 99.
    expect(r.handed).toHaveLength(397);
    const cursor = r.store.cursor('rokonetwork.eth');
    const expected = hub.data.filter((p) => p.end < cursor.end || cursor.ids.includes(p.id)).map((p) => p.id);
    expect([...r.handed].sort()).toEqual(expected.sort());
    expect(cursor.ids.length).toBeGreaterThan(0);
    expect(r.store.countByStatus('rokonetwork.eth').done).toBe(397);

    hub.faultFor = null;
    const up = await r.poller.runOnce(new Date());
    expect(up.error).toBeNull();
    expect(hub.requests[base + 4 + 4]!.variables).toMatchObject({ end: cursor.end, skip: 0 });
    expectComplete(r);
  });

  it('resumes after a restart mid-pagination (new poller, same SQLite file)', async () => {
    const file = dbIn(dir, 'restart');
    const first = rig(file, config());
    const base = hub.requests.length;
    hub.faultFor = (k) => (k - base >= 7 ? { kind: 'status', status: 503 } : null);
    const stopped = await first.poller.runOnce(new Date());
    expect(stopped.pages).toBe(6);
    const cursor = first.store.cursor('rokonetwork.eth');
    first.db.close();

    hub.faultFor = null;
    const start = hub.requests.length;
    const second = rig(file, config());
    const resumed = await second.poller.runOnce(new Date());
    expect(resumed.error).toBeNull();
    expect(hub.requests[start]!.variables).toMatchObject({ end: cursor.end });
    expect(resumed.requests).toBe(7);
    const both = [...first.handed, ...second.handed];
    expect(both.length).toBe(new Set(both).size);
    expect(both.sort()).toEqual(hub.data.map((p) => p.id).sort());
    expect(second.store.cursor('rokonetwork.eth').end).toBe(Math.max(...hub.data.map((p) => p.end)));
  });

  it('does not retry a 400 and opens the circuit after repeated failures', async () => {
    const timing = instantTiming();
    const c = config({ maxRetries: 0 });
    const source = createSource(c, quietLogger(), { timing, breakerThreshold: 3, breakerCooldownMs: 3_600_000 });
    const r = rig(dbIn(dir, 'breaker'), c, { source });
    hub.faults = [{ kind: 'status', status: 400 }];
    const bad = await r.poller.runOnce(new Date());
    expect(bad.requests).toBe(1);
    expect(bad.error).toMatch(/HTTP 400/);

    hub.faultFor = () => ({ kind: 'status', status: 503 });
    for (let i = 0; i < 3; i++) expect((await r.poller.runOnce(new Date())).requests).toBe(1);
    const before = hub.requests.length;
    const open = await r.poller.runOnce(new Date());
    expect(open.requests).toBe(0);
    expect(hub.requests.length).toBe(before);
    expect(open.error).toMatch(/circuit open/);
  });
});
