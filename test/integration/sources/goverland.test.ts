import { Writable } from 'node:stream';
import { createLogger } from '../../../src/log';
import type { GoverlandSource } from '../../../src/sources/goverland';
import { hubData, SEED_ID } from '../../fixtures/hub/proposals';
import { tempDir } from '../../helpers/tmp';
import { LoopbackGoverland } from './goverland-server';
import { LoopbackHub } from '../../fixtures/hub/server';
import { dbIn, instantTiming, rig, sourceConfig } from './setup';

const dir = tempDir();
const N = 250;
let gov: LoopbackGoverland;
let hub: LoopbackHub;

beforeAll(async () => {
  gov = await new LoopbackGoverland(hubData(N)).start();
  hub = await new LoopbackHub(hubData(N)).start();
});
afterAll(async () => {
  await gov.stop();
  await hub.stop();
});
beforeEach(() => {
  gov.data = hubData(N);
  gov.faults = [];
  gov.overrides.clear();
  hub.data = hubData(N);
  hub.faultFor = null;
});

const all = (): string[] =>
  hubData(N)
    .map((p) => p.id)
    .sort();

describe('GoverlandSource', () => {
  it('resolves the alias, pages by limit/offset up to X-Total-Count, and maps to the shared record', async () => {
    const r = await rig(dbIn(dir, 'gov'), sourceConfig(dir, { kind: 'goverland', goverlandUrl: gov.url }));
    const start = gov.requests.length;
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect([...r.handed].sort()).toEqual(all());
    expect(gov.requests.slice(start)).toEqual([
      '/v1/daos/rokonetwork.eth',
      expect.stringMatching(/^\/v1\/proposals\?dao=7f3a9c1e-.*&limit=100&offset=0$/),
      expect.stringMatching(/offset=100$/),
      expect.stringMatching(/offset=200$/),
    ]);
    const seed = (await r.store.get(SEED_ID))!.record;
    // Goverland's "succeeded" only says the vote is over; the scores come through as float32.
    expect(seed).toMatchObject({ origin: 'goverland', space: 'rokonetwork.eth', state: 'closed', scoresState: 'final', type: 'basic' });
    expect(seed.scores[0]).toBe(Math.fround(9066311843.84));
    expect(await r.store.cursor('rokonetwork.eth')).toEqual({ end: 1739491200, ids: [SEED_ID] });

    // Nothing new: the DAO id is remembered, the listing is read again, nothing is handed on.
    const idle = await r.poller.runOnce(new Date());
    expect(idle.processed).toEqual([]);
    expect(idle.requests).toBe(3);
  });

  it('retries a 429 and a truncated page, and quarantines a record of another DAO', async () => {
    const timing = instantTiming();
    const r = await rig(dbIn(dir, 'gov-faults'), sourceConfig(dir, { kind: 'goverland', goverlandUrl: gov.url }), { timing });
    const stranger = gov.data[7]!.id;
    gov.overrides.set(stranger, { dao_id: 'another-dao' });
    gov.faults = [{ kind: 'status', status: 429, headers: { 'Retry-After': '1' } }, { kind: 'truncate' }];
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect(timing.sleeps[0]).toBe(1000);
    expect(timing.sleeps).toHaveLength(2);
    expect([...r.handed].sort()).toEqual(all().filter((id) => id !== stranger));
    expect(await r.store.quarantined('rokonetwork.eth')).toMatchObject([{ source: 'goverland', proposalId: stranger }]);
    expect((await r.store.quarantined('rokonetwork.eth'))[0]!.reason).toMatch(/dao_id/);
  });
});

describe('GoverlandSource re-checks', () => {
  it('asks /proposals/{id} about records not final yet and hands them on once they are', async () => {
    const pending = gov.data[3]!;
    pending.scores_state = 'pending';
    const r = await rig(dbIn(dir, 'gov-pending'), sourceConfig(dir, { kind: 'goverland', goverlandUrl: gov.url }));
    await r.poller.runOnce(new Date());
    expect(r.handed).not.toContain(pending.id);
    expect((await r.store.get(pending.id))!.status).toBe('final-pending');

    pending.scores_state = 'final';
    const start = gov.requests.length;
    const report = await r.poller.runOnce(new Date());
    expect(gov.requests[start]).toBe(`/v1/proposals/${pending.id}`);
    expect(report.processed.map((l) => l.id)).toEqual([pending.id]);

    // A re-checked id Goverland no longer knows (404) is skipped, not an error.
    gov.data = gov.data.filter((p) => p.id !== pending.id);
    const gone = await (r.source as GoverlandSource).byIds('rokonetwork.eth', [pending.id]);
    expect(gone.records).toEqual([]);
  });
});

describe('snapshot+goverland', () => {
  const both = () => sourceConfig(dir, { kind: 'snapshot+goverland', hubUrl: hub.url, goverlandUrl: gov.url, maxRetries: 1 });

  it('falls back to Goverland when the hub is down and nothing is lost or doubled when it returns', async () => {
    const r = await rig(dbIn(dir, 'fallback'), both());
    const base = hub.requests.length;
    hub.faultFor = (k) => (k - base >= 2 ? { kind: 'status', status: 503 } : null);
    const down = await r.poller.runOnce(new Date());
    expect(down.error).toBeNull();
    expect([...r.handed].sort()).toEqual(all());
    expect((await r.store.get(SEED_ID))!.record.origin).toBe('goverland');
    expect((await r.store.get(hubData(N)[0]!.id))!.record.origin).toBe('snapshot');

    hub.faultFor = null;
    const up = await r.poller.runOnce(new Date());
    expect(up.processed).toEqual([]);
    expect(r.handed.length).toBe(N + 1);
  });

  it('holds a record whose body or scores disagree between the sources and raises an alert', async () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      format: 'json',
      stream: new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) }),
    });
    const r = await rig(dbIn(dir, 'disagree'), both(), { log });
    const tampered = hubData(N)[42]!.id;
    gov.overrides.set(tampered, { body: 'A different body: send everything to SN99.' });
    const rescored = hubData(N)[43]!.id;
    gov.overrides.set(rescored, { scores: [1, 5000, 0] });
    // A copy whose scores Goverland has not settled yet is lagging, not contradicting.
    const lagging = hubData(N)[44]!.id;
    gov.overrides.set(lagging, { scores: [0, 0, 0], scores_state: 'pending' });
    const report = await r.poller.runOnce(new Date());
    expect(report.counts.held).toBe(2);
    expect(r.handed).not.toContain(tampered);
    expect(r.handed).not.toContain(rescored);
    expect(r.handed).toHaveLength(N - 1);
    // The seed's float32 rounding on Goverland is not a disagreement.
    expect(r.handed).toContain(SEED_ID);
    expect(r.handed).toContain(lagging);
    expect((await r.store.get(tampered))!.status).toBe('held');
    expect(await r.store.disagreements(tampered)).toMatchObject([{ fields: ['body'], other: { origin: 'goverland' } }]);
    expect(await r.store.disagreements(rescored)).toMatchObject([{ fields: ['scores'] }]);
    const alerts = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.alert === true);
    expect(alerts.map((a) => a.id).sort()).toEqual([tampered, rescored].sort());
    expect(alerts[0]).toMatchObject({ level: 'error', module: 'sources.poller' });
    const again = await r.poller.runOnce(new Date());
    expect(again.processed).toEqual([]);
  });
});
