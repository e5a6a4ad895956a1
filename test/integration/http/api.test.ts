import express, { Router, type Router as RouterT } from 'express';
import { Metrics } from '../../../src/http/metrics';
import { closeServer, listen } from '../../../src/http/server';
import { AuditLog } from '../../../src/store/audit';
import { openDb, type Db } from '../../../src/store/db';
import { asyncRoute } from '../../../src/http/errors';
import { jsonBody } from '../../../src/http/body';
import { MemoryReadModel, NOW, prices, startTestServer } from './fixture';

/** The parts of an express router layer read here; express's own types leave out `route.methods`. */
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** A stand-in for the ops write routes (halt/resume), mounted through `extra`. */
function echoRouter(): RouterT {
  const r = Router();
  r.post(
    '/plans/:id/echo',
    jsonBody(),
    asyncRoute((req, res) => Promise.resolve(void res.json({ got: req.body as unknown }))),
  );
  return r;
}
const echoDoc = { '/api/plans/{id}/echo': { post: { summary: 'test write route', responses: { '200': { description: 'echo' } } } } };

/** Every route in a router's stack (and the routers mounted in it without a path), as [METHOD, path]. */
function routesOf(stack: readonly Layer[]): [string, string][] {
  const out: [string, string][] = [];
  for (const layer of stack) {
    if (layer.route) for (const m of Object.keys(layer.route.methods)) out.push([m.toUpperCase(), layer.route.path]);
    else if (layer.handle?.stack) out.push(...routesOf(layer.handle.stack));
  }
  return out;
}

describe('HTTP API on a real server', () => {
  let db: Db;
  let audit: AuditLog;
  const read = new MemoryReadModel();
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  /** GETs a path; `T` is the shape of the JSON body this test reads, when the answer is JSON. */
  const get = async <T = Record<string, unknown>>(path: string) => {
    const r = await fetch(srv.base + path);
    const text = await r.text();
    return {
      status: r.status,
      headers: r.headers,
      text,
      json: (r.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as T) : null,
    };
  };

  beforeAll(async () => {
    db = await openDb(':memory:');
    audit = new AuditLog(db);
    for (let i = 0; i < 7; i++) await audit.append({ actor: 'test', action: `step.${i}`, planId: i % 2 ? 'p1' : null }, NOW);
    srv = await startTestServer(read, audit, { extra: [echoRouter()], openapiPaths: echoDoc, writeLimit: 6 });
  });
  afterAll(async () => {
    await srv.close();
    await db.close();
  });

  it('lists proposals with verdicts and reasons', async () => {
    const r = await get<{ proposals: unknown[] }>('/api/proposals');
    expect(r.status).toBe(200);
    expect(r.json!.proposals).toHaveLength(2);
    expect(r.json!.proposals[1]).toMatchObject({ verdict: 'blocked', reasons: ['plan p1 is locked until 2025-04-14'] });
  });

  it('lists plans with state, lock end and progress as RAO strings', async () => {
    const r = await get<{ asOf: string; plans: { progress: { subnets: unknown[] } }[] }>('/api/plans');
    expect(r.status).toBe(200);
    expect(r.json!.asOf).toBe(NOW.toISOString());
    const p = r.json!.plans[0];
    expect(p).toMatchObject({ id: 'p1', state: 'active', halted: false, lockEndsAt: '2025-04-14T00:00:00.000Z', totalRao: '884000000000' });
    // 3 × 5.525 + 4 × 22.1 TAO finalized; 4 weekly tranches of each subnet due by 10 March.
    expect(p!.progress).toMatchObject({
      deployedRao: '104975000000',
      scheduledRao: '110500000000',
      plannedRao: '221000000000',
      lockRemainingSeconds: 34 * 86400 + 12 * 3600,
    });
    expect(p!.progress.subnets[0]).toMatchObject({ netuid: 51, deployedRao: '16575000000', tranchesDone: 3, tranchesTotal: 8 });
  });

  it('gives one plan with its schedule, and 404 / 400 for unknown / malformed ids', async () => {
    const r = await get<{ plan: { allocations: unknown[] }; schedule: unknown[] }>('/api/plans/p1');
    expect(r.status).toBe(200);
    expect(r.json!.plan.allocations[1]).toMatchObject({ netuid: 51, rao: '44200000000' });
    expect(r.json!.schedule).toHaveLength(16);
    for (const path of ['/api/plans/nope', '/api/plans/nope/tranches', '/api/plans/nope/report']) {
      const missing = await get(path);
      expect(missing.status).toBe(404);
      expect(missing.json!.error).toBe('no plan with id nope');
    }
    const bad = await get('/api/plans/' + encodeURIComponent('a b<script>'));
    expect(bad.status).toBe(400);
    expect(bad.json!.error).toMatch(/params\.id/);
    expect((await get('/api/plans/' + 'x'.repeat(300))).status).toBe(400);
    const undecodable = await get('/api/plans/%E0%A4%A');
    expect(undecodable.status).toBe(400);
    expect(undecodable.text).not.toMatch(/at .*\.js/);
  });

  it('gives the ledger with tx hashes, block numbers and explorer links', async () => {
    const r = await get<{ tranches: { state: string; txHash: string }[] }>('/api/plans/p1/tranches');
    expect(r.status).toBe(200);
    const t = r.json!.tranches;
    expect(t).toHaveLength(8);
    expect(t[0]).toMatchObject({
      state: 'finalized',
      blockNumber: 5000000,
      alpha: '2500000000',
      explorerLink: 'https://taostats.io/extrinsic/' + t[0]!.txHash,
    });
    expect(t.find((x) => x.state === 'failed')).toMatchObject({ reason: 'SlippageTooHigh' });
  });

  it('gives the post-execution review, and stays 200 when a price is unavailable', async () => {
    const r = await get<{ review: { subnets: { netuid: number }[]; root: unknown; totals: unknown } }>('/api/plans/p1/report');
    expect(r.status).toBe(200);
    const sn51 = r.json!.review.subnets.find((s) => s.netuid === 51);
    expect(sn51).toMatchObject({
      deployedRao: '16575000000',
      alphaReceived: '7500000000',
      averageEntryPrice: '2210000000',
      currentPrice: '2000000000',
      currentValueRao: '15000000000',
      changeRao: '-1575000000',
      changeBps: '-950',
      changePercent: '-9.50',
    });
    expect(r.json!.review.root).toEqual({ plannedRao: '663000000000', valueRao: '663000000000' });
    // SN64: 80 alpha at 1.2 = 96 TAO for 88.4 deployed; with SN51, +6.025 TAO on 104.975 = +5.73 %.
    expect(r.json!.review.totals).toMatchObject({ changeRao: '6025000000', changePercent: '5.73' });

    const noPrice = await startTestServer(read, audit, { prices: prices({ 64: undefined as unknown as bigint }) });
    try {
      const r2 = await fetch(noPrice.base + '/api/plans/p1/report');
      expect(r2.status).toBe(200);
      const body = (await r2.json()) as { warnings: unknown; review: { totals: { currentValueRao: unknown } } };
      expect(body.warnings).toEqual(['no current price for SN64: subnet 64 unreachable']);
      expect(body.review.totals.currentValueRao).toBeNull();
    } finally {
      await noPrice.close();
    }
  });

  it('reuses a current price for a while, and retries one that failed', async () => {
    const calls: number[] = [];
    let fail = true;
    const counting = {
      alphaPrice: (n: number) => (calls.push(n), fail && n === 64 ? Promise.reject(new Error('down')) : Promise.resolve(1_000_000_000n)),
    };
    const s2 = await startTestServer(read, audit, { prices: counting });
    try {
      expect(((await (await fetch(s2.base + '/api/plans/p1/report')).json()) as { warnings: unknown }).warnings).toHaveLength(1);
      fail = false;
      const body = (await (await fetch(s2.base + '/api/plans/p1/report')).json()) as { warnings: unknown };
      expect(body.warnings).toEqual([]);
      await fetch(s2.base + '/api/plans/p1/report');
      // SN51 asked once (then cached); SN64 asked again after its failure, then cached.
      expect(calls.sort()).toEqual([51, 64, 64]);
    } finally {
      await s2.close();
    }
  });

  it('pages the audit trail and refuses bad cursors naming the field', async () => {
    type Page = { entries: { seq: number }[]; nextCursor: string | null };
    const a = await get<Page>('/api/audit?limit=3');
    expect(a.status).toBe(200);
    expect(a.json!.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    const b = await get<Page>(`/api/audit?limit=3&cursor=${a.json!.nextCursor}`);
    expect(b.json!.entries.map((e) => e.seq)).toEqual([4, 5, 6]);
    const c = await get(`/api/audit?limit=3&cursor=${b.json!.nextCursor}`);
    expect(c.json).toMatchObject({ nextCursor: null, entries: [{ seq: 7, prevHash: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
    expect((await get('/api/audit?planId=p1')).json!.entries).toHaveLength(3);
    const cases: [string, RegExp][] = [
      ['/api/audit?cursor=abc', /query\.cursor/],
      ['/api/audit?cursor=-1', /query\.cursor/],
      ['/api/audit?cursor=1&cursor=2', /query\.cursor/],
      ['/api/audit?limit=0', /query\.limit/],
      ['/api/audit?limit=100000', /query\.limit/],
      ['/api/audit?bogus=1', /unrecognized|bogus/i],
      ['/api/plans?x=1', /x/],
    ];
    for (const [path, re] of cases) {
      const r = await get(path);
      expect([path, r.status]).toEqual([path, 400]);
      expect(r.json!.error).toMatch(re);
    }
  });

  it('guards write routes: wrong content type 415, bad JSON 400, oversized 413, then the rate limit 429', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(srv.base + '/api/plans/p1/echo', { method: 'POST', headers: { 'content-type': type }, body });
    const okr = await post('{"action":"halt"}');
    expect(okr.status).toBe(200);
    expect(await okr.json()).toEqual({ got: { action: 'halt' } });
    const wrongType = await post('action=halt', 'application/x-www-form-urlencoded');
    expect(wrongType.status).toBe(415);
    expect(((await wrongType.json()) as { error: unknown }).error).toMatch(/must be application\/json/);
    const badJson = await post('{"action":');
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: unknown }).error).toBe('request body is not valid JSON');
    const big = await post(JSON.stringify({ pad: 'x'.repeat(40_000) }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: unknown }).error).toBe('request body too large: this route accepts at most 16384 bytes');
    // Six writes per window: the next ones are refused whatever their body.
    let last = 0;
    for (let i = 0; i < 3; i++) last = (await post('{}')).status;
    expect(last).toBe(429);
    // Reads are never rate limited.
    expect((await get('/api/plans')).status).toBe(200);
  });

  it('sends security headers and never a stack trace', async () => {
    const r = await get('/api/plans');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(r.headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
    expect(r.headers.get('x-powered-by')).toBeNull();
    for (const path of [
      '/api/plans/%',
      '/api/audit?cursor[a]=1',
      '/api/plans/p1/report?x',
      '/api/%ZZ',
      '/api/plans/..%2F..%2Fetc',
      '/api/nope',
    ]) {
      const res = await get(path);
      expect([path, res.status < 500]).toEqual([path, true]);
      expect(res.text).not.toMatch(/node_modules|\.ts:\d+/);
    }
  });

  it('OpenAPI documents every mounted route, and every documented route answers', async () => {
    const doc = (await get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('/api/openapi.json')).json!;
    expect(doc.openapi).toMatch(/^3\./);
    const api = srv.parts.routers.find((r) => r.path === '/api')!.router;
    const mounted = routesOf(api.stack as Layer[]).map(([m, p]) => `${m} /api${p.replace(/:(\w+)/g, '{$1}')}`);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(mounted.sort()).toEqual(documented.sort());
    for (const entry of documented) {
      const [method, path] = entry.split(' ') as [string, string];
      const r = await fetch(srv.base + path.replace('{id}', 'p1'), {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      });
      expect([entry, r.status]).toEqual([entry, expect.any(Number)]);
      expect([entry, (await r.text()).includes('no route')]).toEqual([entry, false]);
    }
  });

  it('serves Prometheus metrics read at scrape time', async () => {
    srv.metrics.pollSucceeded(new Date('2025-03-10T11:55:00Z'));
    srv.metrics.tickSucceeded(new Date('2025-03-10T11:59:00Z'));
    srv.metrics.hubError('rate-limited');
    srv.metrics.hubError('rate-limited');
    srv.metrics.chainError('invalid-tx');
    const r = await get('/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/plain/);
    expect(r.text).toContain('govbridge_tranches{state="finalized"} 7');
    expect(r.text).toContain('govbridge_tranches{state="failed"} 1');
    expect(r.text).toContain('govbridge_deployed_rao{netuid="51"} 16575000000');
    expect(r.text).toContain('govbridge_deployed_rao{netuid="64"} 88400000000');
    expect(r.text).toContain('govbridge_plans{state="active"} 1');
    expect(r.text).toContain(`govbridge_last_poll_success_timestamp_seconds ${Date.parse('2025-03-10T11:55:00Z') / 1000}`);
    expect(r.text).toContain(`govbridge_last_tick_success_timestamp_seconds ${Date.parse('2025-03-10T11:59:00Z') / 1000}`);
    expect(r.text).toContain('govbridge_hub_errors_total{kind="rate-limited"} 2');
    expect(r.text).toContain('govbridge_chain_errors_total{kind="invalid-tx"} 1');
    // The dashboard still owns '/', even with the metrics router mounted at the root before it.
    expect((await get('/')).headers.get('content-type')).toMatch(/text\/html/);
  });

  it('serves metrics when the router is mounted at /metrics too', async () => {
    const app = express();
    app.use('/metrics', new Metrics(read).router());
    const server = await listen(app, 0, '127.0.0.1');
    try {
      const r = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/metrics`);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('govbridge_plans{state="active"} 1');
    } finally {
      await closeServer(server);
    }
  });
});
