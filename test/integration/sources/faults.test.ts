import { SEED_ID } from '../../fixtures/hub/proposals';
import { tempDir } from '../../helpers/tmp';
import { quietLogger } from '../../../src/log';
import { createSource } from '../../../src/sources';
import type { Fault } from '../../fixtures/hub/server';
import { dbIn, instantTiming, rig, sourceConfig, useHub, virtualTiming, type Rig } from './setup';

const dir = tempDir();
const N = 1200;
const hubs = useHub(N);

const config = (extra: Parameters<typeof sourceConfig>[1] = {}) => sourceConfig(dir, { hubUrl: hubs.hub.url, timeoutMs: 3000, ...extra });
let seq = 0;
const fresh = async (
  timing = instantTiming(),
  extra: Parameters<typeof sourceConfig>[1] = {},
): Promise<Rig & { timing: typeof timing }> => ({
  ...(await rig(dbIn(dir, `faults-${++seq}`), config(extra), { timing })),
  timing,
});
/** Fault the n-th request from now (1-based) and only it. */
const faultAt = (n: number, fault: Fault): void => {
  const base = hubs.hub.requests.length;
  hubs.hub.faultFor = (k) => (k - base === n ? fault : null);
};

/** Nothing lost, nothing handed on twice, cursor at the last end with the ids seen there. */
async function expectComplete(r: Rig): Promise<void> {
  expect(r.handed.length).toBe(new Set(r.handed).size);
  expect([...r.handed].sort()).toEqual(hubs.hub.data.map((p) => p.id).sort());
  expect(await r.store.cursor('rokonetwork.eth')).toEqual({ end: Math.max(...hubs.hub.data.map((p) => p.end)), ids: [SEED_ID] });
  expect(await r.store.countByStatus('rokonetwork.eth')).toEqual({ new: 0, 'final-pending': 0, held: 0, done: N + 1 });
}

describe('hub faults', () => {
  it('honours Retry-After on a 429 and completes', async () => {
    const r = await fresh();
    faultAt(3, { kind: 'status', status: 429, headers: { 'Retry-After': '2' } });
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect(r.timing.sleeps).toEqual([2000]);
    expect(report.requests).toBe(14);
    await expectComplete(r);
  });

  it('honours RateLimit-Reset when Retry-After is absent', async () => {
    const r = await fresh();
    faultAt(2, { kind: 'status', status: 429, headers: { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '7' } });
    await r.poller.runOnce(new Date());
    expect(r.timing.sleeps).toEqual([7000]);
    await expectComplete(r);
  });

  it('ends the cycle on a Retry-After longer than a cycle may wait and sends nothing until it passes', async () => {
    const r = await fresh();
    faultAt(2, { kind: 'status', status: 429, headers: { 'Retry-After': '600' } });
    const limited = await r.poller.runOnce(new Date());
    expect(limited.error).toMatch(/HTTP 429/);
    expect(limited.errorKind).toBe('http-429');
    expect(limited.requests).toBe(2);
    const before = hubs.hub.requests.length;
    const blocked = await r.poller.runOnce(new Date());
    expect(blocked.requests).toBe(0);
    expect(hubs.hub.requests.length).toBe(before);
    expect(blocked.error).toMatch(/rate limited by the server for another \d+ s/);
    expect(blocked.errorKind).toBe('rate-limited');
  });

  it('keeps a long walk under source.maxRequestsPerMinute', async () => {
    const timing = virtualTiming();
    const c = config({ maxRequestsPerMinute: 5 });
    const stamps: number[] = [];
    const base = hubs.hub.requests.length;
    hubs.hub.faultFor = () => (stamps.push(timing.t), null);
    const r = await rig(dbIn(dir, 'rate'), c, { timing });
    const report = await r.poller.runOnce(new Date());
    expect(report.requests).toBe(13);
    expect(hubs.hub.requests.length - base).toBe(13);
    // Any six consecutive requests span at least a minute of the (virtual) clock.
    for (let i = 5; i < stamps.length; i++) expect(stamps[i]! - stamps[i - 5]!).toBeGreaterThanOrEqual(60_000);
    expect(timing.sleeps.filter((ms) => ms > 0)).toEqual([60_000, 60_000]);
    await expectComplete(r);
  });

  it('backs off exponentially with jitter through 500s', async () => {
    const r = await fresh();
    const base = hubs.hub.requests.length;
    hubs.hub.faultFor = (k) => (k - base === 5 || k - base === 6 ? { kind: 'status', status: 500 } : null);
    const report = await r.poller.runOnce(new Date());
    // baseDelayMs 10, jitter 0.5 of the ceiling: 5 ms, then 10 ms.
    expect(r.timing.sleeps).toEqual([5, 10]);
    expect(report.requests).toBe(15);
    await expectComplete(r);
  });

  it.each([
    ['a request hanging past the timeout', 2, { kind: 'hang' as const }, 1000],
    ['a truncated JSON body', 4, { kind: 'truncate' as const }, 3000],
    ['a connection reset', 7, { kind: 'reset' as const }, 3000],
  ])('retries %s once and completes', async (_what, at, fault, timeoutMs) => {
    const r = await fresh(instantTiming(), { timeoutMs });
    faultAt(at, fault);
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect(report.requests).toBe(14);
    await expectComplete(r);
  });

  it('quarantines a record missing scores, processes the rest of its page, and takes it once it is fixed', async () => {
    const broken = hubs.hub.data[150]!;
    const scores = broken.scores;
    broken.scores = null;
    const r = await fresh();
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect(report.processed).toHaveLength(N);
    expect(r.handed).not.toContain(broken.id);
    const q = await r.store.quarantined('rokonetwork.eth');
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ source: 'snapshot', proposalId: broken.id, resolved: false });
    expect(q[0]!.reason).toMatch(/^scores: /);
    expect(JSON.parse(q[0]!.raw)).toMatchObject({ id: broken.id, scores: null });

    // Still broken: re-checked by id, kept in quarantine once (not duplicated), nothing handed on.
    const again = await r.poller.runOnce(new Date());
    expect(again.requests).toBe(2);
    expect(await r.store.quarantined('rokonetwork.eth')).toMatchObject([{ times: 2, resolved: false }]);

    broken.scores = scores;
    const fixed = await r.poller.runOnce(new Date());
    expect(fixed.processed.map((l) => l.id)).toEqual([broken.id]);
    expect((await r.store.quarantined('rokonetwork.eth'))[0]!.resolved).toBe(true);
    await expectComplete(r);
    expect((await r.poller.runOnce(new Date())).requests).toBe(1);
  });

  it('hands on each id once when pages repeat ids within and across pages', async () => {
    let previous: typeof hubs.hub.data = [];
    hubs.hub.mangle = (items) => {
      const out = [...previous.slice(-5), ...items, ...items.slice(0, 3)];
      previous = items;
      return out;
    };
    const r = await fresh();
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect(report.counts.duplicates).toBeGreaterThan(0);
    await expectComplete(r);
  });

  it('keeps what it read when the hub goes down mid-pagination and resumes from the cursor', async () => {
    const r = await fresh();
    const base = hubs.hub.requests.length;
    hubs.hub.faultFor = (k) => (k - base >= 5 ? { kind: 'reset' } : null);
    const down = await r.poller.runOnce(new Date());
    expect(down.error).toMatch(/snapshot/);
    expect(down.errorKind).toBe('network');
    expect(down.pages).toBe(4);
    // Pages overlap by the tie at their last second (the walk re-reads it with end_gte): 100 + 3 × 99.
    expect(r.handed).toHaveLength(397);
    const cursor = await r.store.cursor('rokonetwork.eth');
    const expected = hubs.hub.data.filter((p) => p.end < cursor.end || cursor.ids.includes(p.id)).map((p) => p.id);
    expect([...r.handed].sort()).toEqual(expected.sort());
    expect(cursor.ids.length).toBeGreaterThan(0);
    expect((await r.store.countByStatus('rokonetwork.eth')).done).toBe(397);

    hubs.hub.faultFor = null;
    const up = await r.poller.runOnce(new Date());
    expect(up.error).toBeNull();
    expect(hubs.hub.requests[base + 4 + 4]!.variables).toMatchObject({ end: cursor.end, skip: 0 });
    await expectComplete(r);
  });

  it('resumes after a restart mid-pagination (new poller, same SQLite file)', async () => {
    const file = dbIn(dir, 'restart');
    const first = await rig(file, config());
    const base = hubs.hub.requests.length;
    hubs.hub.faultFor = (k) => (k - base >= 7 ? { kind: 'status', status: 503 } : null);
    const stopped = await first.poller.runOnce(new Date());
    expect(stopped.pages).toBe(6);
    const cursor = await first.store.cursor('rokonetwork.eth');
    await first.db.close();

    hubs.hub.faultFor = null;
    const start = hubs.hub.requests.length;
    const second = await rig(file, config());
    const resumed = await second.poller.runOnce(new Date());
    expect(resumed.error).toBeNull();
    expect(hubs.hub.requests[start]!.variables).toMatchObject({ end: cursor.end });
    expect(resumed.requests).toBe(7);
    const both = [...first.handed, ...second.handed];
    expect(both.length).toBe(new Set(both).size);
    expect(both.sort()).toEqual(hubs.hub.data.map((p) => p.id).sort());
    expect((await second.store.cursor('rokonetwork.eth')).end).toBe(Math.max(...hubs.hub.data.map((p) => p.end)));
  });

  it('does not retry a 400 and opens the circuit after repeated failures', async () => {
    const timing = instantTiming();
    const c = config({ maxRetries: 0 });
    const source = createSource(c, quietLogger(), { timing, breakerThreshold: 3, breakerCooldownMs: 3_600_000 });
    const r = await rig(dbIn(dir, 'breaker'), c, { source });
    hubs.hub.faults = [{ kind: 'status', status: 400 }];
    const bad = await r.poller.runOnce(new Date());
    expect(bad.requests).toBe(1);
    expect(bad.error).toMatch(/HTTP 400/);
    expect(bad.errorKind).toBe('http-4xx');

    hubs.hub.faultFor = () => ({ kind: 'status', status: 503 });
    for (let i = 0; i < 3; i++) expect((await r.poller.runOnce(new Date())).requests).toBe(1);
    const before = hubs.hub.requests.length;
    const open = await r.poller.runOnce(new Date());
    expect(open.requests).toBe(0);
    expect(hubs.hub.requests.length).toBe(before);
    expect(open.error).toMatch(/circuit open/);
    expect(open.errorKind).toBe('circuit-open');
  });

  it('sends a single trial request when the circuit is half-open, and closes it on success', async () => {
    const c = config({ maxRetries: 3 });
    const source = createSource(c, quietLogger(), { timing: instantTiming(), breakerThreshold: 1, breakerCooldownMs: 1 });
    const r = await rig(dbIn(dir, 'half-open'), c, { source });
    hubs.hub.faultFor = () => ({ kind: 'status', status: 503 });
    expect((await r.poller.runOnce(new Date())).requests).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await r.poller.runOnce(new Date())).requests).toBe(1);
    hubs.hub.faultFor = null;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const healed = await r.poller.runOnce(new Date());
    expect(healed.error).toBeNull();
    await expectComplete(r);
  });
});
