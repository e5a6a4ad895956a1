import fs from 'node:fs';
import path from 'node:path';
import { AuditLog } from '../../../src/store/audit';
import { openDb, type Db } from '../../../src/store/db';
import { MemoryReadModel, NOW, startTestServer } from './fixture';

/** The fields of the /api/lint answer this test reads (an error answer has only `error`). */
interface LintAnswer {
  ok: boolean;
  start: string;
  errors: { line: number; text: string; message: string }[];
  warnings: { line: number; text: string }[];
  plan: { totalRao: string; allocations: { netuid: number; percent: string; rao: string; mode: string }[] } | null;
  schedules: { cadence: string; first: string; allocations: { sizes: unknown }[] }[];
  block: string | null;
  error?: string;
}

const SEED = fs.readFileSync(path.resolve(__dirname, '../../fixtures/roko-proposal-39-goverland-page.txt'), 'utf8');
const WRONG_SUM =
  '# Treasury allocation of 100 TAO\n\nWe propose:\n\n- SN1 – Alpha (50% = 50 TAO)\n- SN2 – Beta (40% = 45 TAO)\n- SN3 – Gamma (10% = 10 TAO)\n\nBought over a 2-month DCA schedule, daily or weekly.\n';

describe('POST /api/lint on a real server', () => {
  let db: Db;
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  const post = async (body: string, type = 'application/json') => {
    const r = await fetch(`${srv.base}/api/lint`, { method: 'POST', headers: { 'content-type': type }, body });
    return { status: r.status, json: (await r.json()) as LintAnswer };
  };

  beforeAll(async () => {
    db = await openDb(':memory:');
    srv = await startTestServer(new MemoryReadModel(), new AuditLog(db));
  });
  afterAll(async () => {
    await srv.close();
    await db.close();
  });

  it('reads the seed: 663 TAO held at root and 5 × 44.2 TAO bought, with both schedules', async () => {
    const r = await post(JSON.stringify({ body: SEED, start: '2025-02-14T00:00:00Z' }));
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(true);
    expect(r.json.errors).toEqual([]);
    const allocations = r.json.plan!.allocations;
    expect(allocations.filter((a) => a.mode === 'hold')).toEqual([
      { netuid: 0, name: expect.any(String), percent: '75', rao: '663000000000', mode: 'hold' },
    ]);
    const dca = allocations.filter((a) => a.mode === 'dca');
    expect(dca.map((a) => [a.netuid, a.percent, a.rao])).toEqual([51, 64, 19, 4, 27].map((n) => [n, '5', '44200000000']));
    expect(r.json.plan!.totalRao).toBe('884000000000');
    // Every warning carries its line and text; the seed's stated weekly figure is one of them.
    expect(r.json.warnings.length).toBeGreaterThan(0);
    for (const w of r.json.warnings) expect(SEED.split('\n')[w.line - 1]).toContain(w.text.replace(/…$/, ''));
    const daily = r.json.schedules.find((s) => s.cadence === 'P1D');
    expect(daily).toMatchObject({
      count: 59,
      first: '2025-02-14T00:00:00.000Z',
      last: '2025-04-13T00:00:00.000Z',
      end: '2025-04-14T00:00:00.000Z',
    });
    expect(daily!.allocations[0]!.sizes).toEqual([
      { rao: '749152543', count: 22 },
      { rao: '749152542', count: 37 },
    ]);
    expect(r.json.schedules.find((s) => s.cadence === 'P1W')).toMatchObject({ count: 8, last: '2025-04-04T00:00:00.000Z' });
    expect(r.json.block).toMatch(/^```govbridge\nversion: 1\nkind: allocation\ntotal: 884 TAO\n/);
  });

  it('starts the schedules at the server clock when no start is given', async () => {
    const r = await post(JSON.stringify({ body: SEED }));
    expect(r.json.start).toBe(NOW.toISOString());
    expect(r.json.schedules[0]!.first).toBe(NOW.toISOString());
  });

  it('reports a wrong amount as an error on its own line, with no plan and no block', async () => {
    const r = await post(JSON.stringify({ body: WRONG_SUM }));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: false, plan: null, block: null, schedules: [] });
    expect(r.json.errors).toEqual([
      {
        line: 6,
        text: 'SN2 – Beta (40% = 45 TAO)',
        message: expect.stringMatching(/40% of 100 TAO is 40 TAO, but the proposal says 45 TAO/),
      },
    ]);
    expect(WRONG_SUM.split('\n')[5]).toContain(r.json.errors[0]!.text);
  });

  it('refuses a 300 KiB body with 413, unread', async () => {
    const r = await post(JSON.stringify({ body: 'x'.repeat(300 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.json.error).toMatch(/too large.*256 KiB/);
  });

  it('refuses a proposal over 256 KiB even when its JSON fits the request limit', async () => {
    const r = await post(JSON.stringify({ body: 'é'.repeat(140 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.json.error).toMatch(/286720 bytes, over the 262144-byte/);
  });

  it('names the problem of malformed JSON, of a wrong field and of a wrong content type', async () => {
    const bad = await post('{"body": "x",}');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/^request body is not valid JSON: .+/);
    const field = await post(JSON.stringify({ body: 5, start: 'tomorrow' }));
    expect(field.status).toBe(400);
    expect(field.json.error).toMatch(/body\.body: .*string/);
    expect(field.json.error).toMatch(/body\.start: an ISO 8601 time with a zone/);
    expect((await post(JSON.stringify({ body: 'x', extra: 1 }))).json.error).toMatch(/extra/);
    expect((await post('body=x', 'text/plain')).status).toBe(415);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${srv.base}/api/openapi.json`)).json()) as {
      paths: Record<string, { post: { responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(doc.paths['/api/lint']!.post.responses)).toEqual(expect.arrayContaining(['200', '400', '413', '429']));
  });
});

describe('POST /api/lint rate limit', () => {
  it('answers 429 once a client exceeds its lint budget', async () => {
    const db = await openDb(':memory:');
    const srv = await startTestServer(new MemoryReadModel(), new AuditLog(db), { lintLimit: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (
            await fetch(`${srv.base}/api/lint`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: '{"body":"# hi"}',
            })
          ).status,
        );
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await srv.close();
      await db.close();
    }
  });
});
