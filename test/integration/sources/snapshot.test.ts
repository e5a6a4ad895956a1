import { Writable } from 'node:stream';
import { createLogger } from '../../../src/log';
import { SEED_ID, type HubProposal } from '../../fixtures/hub/proposals';
import { tempDir } from '../../helpers/tmp';
import { dbIn, rig, sourceConfig, useHub } from './setup';

const dir = tempDir();
/** 1,200 generated proposals plus the seed: 13 pages of 100. */
const N = 1200;
const hubs = useHub(N);

const allIds = (): string[] => hubs.hub.data.map((p) => p.id).sort();
const maxEnd = (): number => Math.max(...hubs.hub.data.map((p) => p.end));

describe('SnapshotSource + Poller against a loopback hub', () => {
  it('ingests every closed proposal once across pages, maps the seed, and keeps the cursor at the last end', async () => {
    const config = sourceConfig(dir, { hubUrl: hubs.hub.url });
    const r = await rig(dbIn(dir, 'full'), config);
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect([...r.handed].sort()).toEqual(allIds());
    expect(report.processed).toHaveLength(N + 1);
    expect(report.pages).toBe(13);
    expect(report.requests).toBe(13);
    expect(hubs.hub.requests.every((q) => q.variables.first === 100 && q.variables.space === 'rokonetwork.eth')).toBe(true);
    const seed = (await r.store.get(SEED_ID))!;
    expect(seed.record).toMatchObject({
      origin: 'snapshot',
      space: 'rokonetwork.eth',
      type: 'basic',
      choices: ['For', 'Against', 'Abstain'],
      scores: [9066311843.84, 0, 0],
      quorum: 1,
      state: 'closed',
      scoresState: 'final',
      start: 1739404800,
      end: 1739491200,
    });
    expect(seed.record.body).toContain('884 TAO');
    expect(seed.status).toBe('done');
    expect(report.processed.find((l) => l.id === SEED_ID)).toEqual({
      id: SEED_ID,
      title: seed.record.title,
      end: '2025-02-14T00:00:00.000Z',
      executable: null,
      problems: [],
      reasons: [],
    });
    expect(await r.store.cursor('rokonetwork.eth')).toEqual({ end: maxEnd(), ids: [SEED_ID] });
  });

  it('makes exactly one request and hands on nothing when nothing is new', async () => {
    const config = sourceConfig(dir, { hubUrl: hubs.hub.url });
    const r = await rig(dbIn(dir, 'idle'), config);
    await r.poller.runOnce(new Date());
    const before = hubs.hub.requests.length;
    const again = await r.poller.runOnce(new Date());
    expect(again.requests).toBe(1);
    expect(hubs.hub.requests.length - before).toBe(1);
    expect(again.processed).toEqual([]);
    expect(hubs.hub.requests.at(-1)!.variables).toMatchObject({ end: maxEnd(), skip: 0 });
  });

  it('keeps closed records whose scores are not final and hands them on once they are', async () => {
    const config = sourceConfig(dir, { hubUrl: hubs.hub.url });
    const pendingIds = [hubs.hub.data[10]!.id, hubs.hub.data[500]!.id];
    for (const p of hubs.hub.data) if (pendingIds.includes(p.id)) p.scores_state = 'pending';
    const r = await rig(dbIn(dir, 'pending'), config);
    const first = await r.poller.runOnce(new Date());
    expect(first.processed).toHaveLength(N - 1);
    expect(r.handed).not.toEqual(expect.arrayContaining([pendingIds[0]]));
    expect((await r.store.get(pendingIds[0]!))!.status).toBe('final-pending');
    expect(await r.store.recheckIds('rokonetwork.eth', new Date())).toEqual([...pendingIds].sort());

    // Still pending: re-checked by id (one request) plus the idle walk (one request), nothing handed on.
    const second = await r.poller.runOnce(new Date());
    expect(second.requests).toBe(2);
    expect(second.processed).toEqual([]);

    for (const p of hubs.hub.data) p.scores_state = 'final';
    const third = await r.poller.runOnce(new Date());
    expect(third.processed.map((l) => l.id).sort()).toEqual([...pendingIds].sort());
    expect([...r.handed].sort()).toEqual(allIds());
    const fourth = await r.poller.runOnce(new Date());
    expect(fourth.requests).toBe(1);
  });

  it('does not lose proposals that share an end second across a page boundary', async () => {
    const config = sourceConfig(dir, { hubUrl: hubs.hub.url, pageSize: 50 });
    // Fifty-five proposals at one second: more than a page, so the walk must skip past the tie.
    const tie = hubs.hub.data[0]!.end + 1;
    hubs.hub.data = hubs.hub.data.slice(0, 120).map((p, i): HubProposal => (i >= 30 && i < 85 ? { ...p, end: tie } : p));
    const r = await rig(dbIn(dir, 'ties'), config);
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect([...r.handed].sort()).toEqual(allIds());
    expect(new Set(r.handed).size).toBe(r.handed.length);
  });

  it('refuses hostile records at the door and never lets a future end move the cursor', async () => {
    const legit = hubs.hub.data.map((p) => p.id).sort();
    const base = hubs.hub.data[0]!;
    const hostile: HubProposal[] = [
      { ...base, id: '0xother', space: { id: 'evil.eth', name: 'Evil' } },
      { ...base, id: '0xhuge', body: 'x'.repeat(1024 * 1024 + 1) },
      { ...base, id: '0xnegative', scores: [-5, 0, 0] },
      { ...base, id: '0xfuture', end: Math.floor(Date.now() / 1000) + 86_400 },
    ];
    let injected = false;
    hubs.hub.mangle = (items) => (injected ? items : ((injected = true), [...items, ...hostile]));
    const r = await rig(dbIn(dir, 'hostile'), sourceConfig(dir, { hubUrl: hubs.hub.url }));
    const report = await r.poller.runOnce(new Date());
    expect(report.error).toBeNull();
    expect([...r.handed].sort()).toEqual(legit);
    const reasons = Object.fromEntries((await r.store.quarantined('rokonetwork.eth')).map((q) => [q.proposalId, q.reason]));
    expect(reasons).toEqual({
      '0xother': 'space: belongs to evil.eth, not rokonetwork.eth',
      '0xhuge': 'body: body exceeds 1 MiB',
      '0xnegative': expect.stringMatching(/^scores\.0: /),
    });
    expect((await r.store.get('0xfuture'))!.status).toBe('final-pending');
    expect(await r.store.cursor('rokonetwork.eth')).toEqual({ end: maxEnd(), ids: [SEED_ID] });
    // Quarantined ids are re-checked for a day, then left alone.
    expect(await r.store.recheckIds('rokonetwork.eth', new Date())).toEqual(['0xfuture', '0xhuge', '0xnegative', '0xother']);
    expect(await r.store.recheckIds('rokonetwork.eth', new Date(Date.now() + 25 * 3600_000))).toEqual(['0xfuture']);
  });

  it('sends the API key in x-api-key and never writes it to a log line', async () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'debug',
      format: 'json',
      stream: new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) }),
    });
    const key = 'hub-key-very-secret-123';
    const config = sourceConfig(dir, { hubUrl: hubs.hub.url }, key);
    hubs.hub.faults = [{ kind: 'status', status: 500 }];
    const r = await rig(dbIn(dir, 'key'), config, { log });
    await r.poller.runOnce(new Date());
    expect(hubs.hub.requests.at(-1)!.apiKey).toBe(key);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(key);
  });
});
