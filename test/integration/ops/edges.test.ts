/**
 * The HTTP edges of the service as `serve` assembles it (startService on a real loopback port and
 * a real SQLite file): per-route body limits, the write rate limit's key, and a refusal flood
 * that cannot grow the audit trail past its budget.
 */
import net from 'node:net';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load';
import type { Config } from '../../../src/config/schema';
import { quietLogger } from '../../../src/log';
import { startService, type Service } from '../../../src/main';
import { openDb } from '../../../src/store/db';
import { AuditLog } from '../../../src/store/audit';
import { tempDir, testEnv } from '../../helpers/tmp';

const dir = tempDir();
let n = 0;
function config(over: (c: Config) => Config = (c) => c): Config {
  const r = loadConfig(testEnv({ GOVBRIDGE_DATA_DIR: path.join(dir, `svc-${++n}`) }));
  if (!r.ok) throw new Error(r.errors.join('; '));
  return over(r.value);
}

async function post(base: string, route: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) as { error: string; details?: { code?: string } } };
}

const refusals = async (s: Service) =>
  (await s.components.audit.page(null, 10_000)).entries.filter((e) => e.action.startsWith('ops.refused'));

describe('ops routes on the assembled service', () => {
  let service: Service;
  let base: string;
  beforeAll(async () => {
    service = await startService(config(), quietLogger(), { schedule: false });
    base = `http://127.0.0.1:${service.port}`;
  });
  afterAll(() => service.stop());

  it('refuses a 10 KB halt with 413 before parsing it, and audits it without its content', async () => {
    const before = (await refusals(service)).length;
    const r = await post(base, 'halt', JSON.stringify({ action: 'halt', planId: 'p', pad: 'SECRET-PAD-'.repeat(930) }));
    expect(r.status).toBe(413);
    expect(r.body).toEqual({ error: 'request body too large: this route accepts at most 4096 bytes', details: { code: 'body.too-large' } });
    const added = (await refusals(service)).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ action: 'ops.refused', planId: null, data: { code: 'body.too-large' } });
    expect(JSON.stringify(added)).not.toContain('SECRET-PAD');
  });

  it("still reads a small body on the same route (the limit is the route's, not a global one)", async () => {
    const r = await post(base, 'halt', JSON.stringify({ action: 'halt' }));
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('malformed halt request');
  });

  it('audits bad JSON and a wrong content type on an ops route, naming the problem', async () => {
    const before = (await refusals(service)).length;
    const bad = await post(base, 'resume', '{"action": "resume", "planId": "LEAK-ME"');
    expect(bad).toEqual({ status: 400, body: { error: 'request body is not valid JSON', details: { code: 'body.bad-json' } } });
    const wrong = await post(base, 'halt', 'action=halt', { 'content-type': 'text/plain' });
    expect(wrong.status).toBe(415);
    expect(wrong.body.error).toMatch(/must be application\/json, got text\/plain/);
    const added = (await refusals(service)).slice(before);
    expect(added.map((e) => (e.data as { code: string }).code)).toEqual(['body.bad-json', 'body.unsupported-type']);
    expect(JSON.stringify(added)).not.toContain('LEAK-ME');
  });

  it('keeps field names and codes of a malformed body, never its values', async () => {
    const before = (await refusals(service)).length;
    const r = await post(
      base,
      'halt',
      JSON.stringify({ action: 'halt', planId: 'x'.repeat(500), nonce: 'VALUE-IN-NONCE!', extraKeyNamedByAttacker: 1 }),
    );
    expect(r.status).toBe(400);
    const [entry] = (await refusals(service)).slice(before);
    const text = JSON.stringify(entry);
    expect(text).not.toContain('VALUE-IN-NONCE');
    expect(text).not.toContain('extraKeyNamedByAttacker');
    expect(text).not.toContain('x'.repeat(50));
    expect((entry!.data as { fields: string[] }).fields).toEqual(
      expect.arrayContaining(['planId:too_big', 'nonce:invalid_format', 'body:unrecognized_keys(1)']),
    );
  });
});

describe('the write rate limit and the refusal budget', () => {
  it('keys the limit on the socket: 40 writes with rotated X-Forwarded-For hit 429, and the flood adds at most N audit entries', async () => {
    const service = await startService(
      config((c) => ({ ...c, ops: { ...c.ops, maxRefusalAuditsPerMinute: 12 } })),
      quietLogger(),
      { schedule: false },
    );
    const base = `http://127.0.0.1:${service.port}`;
    const before = (await refusals(service)).length;
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await post(base, 'halt', '{}', { 'x-forwarded-for': `203.0.113.${i + 1}` })).status);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(20)).toEqual(new Array(20).fill(429));
    // 200 more bad requests of every kind: still at most 12 entries in the minute.
    const kinds = ['{"a":', '{}', JSON.stringify({ pad: 'y'.repeat(5000) })];
    for (let i = 0; i < 200; i++) await post(base, i % 2 ? 'halt' : 'resume', kinds[i % 3]!);
    const added = (await refusals(service)).slice(before);
    expect(added.length).toBe(12);
    expect(added.every((e) => (e.data as { code: string }).code === 'ops.malformed')).toBe(true);
    await service.stop();
    // Closing writes what the budget held back, as one summary with the counts by kind.
    const db = await openDb(path.join(dir, `svc-${n}`, 'govbridge.sqlite'));
    const summary = (await new AuditLog(db).page(null, 10_000)).entries.filter((e) => e.action === 'ops.refused.summary');
    await db.close();
    expect(summary).toHaveLength(1);
    expect(summary[0]!.data).toEqual({ total: 240 - 12, suppressed: expect.objectContaining({ 'rate-limited': 220, 'ops.malformed': 8 }) });
    expect(summary[0]!.reason).toMatch(
      /^228 more refusals in the last minute, not written one by one: 220 of kind rate-limited, 8 of kind ops\.malformed/,
    );
  });

  it('trusts X-Forwarded-For only from a proxy named in http.trustProxy', async () => {
    const service = await startService(
      config((c) => ({ ...c, http: { trustProxy: ['127.0.0.1'] } })),
      quietLogger(),
      { schedule: false },
    );
    const base = `http://127.0.0.1:${service.port}`;
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await post(base, 'halt', '{}', { 'x-forwarded-for': `203.0.113.${i + 1}` })).status);
    // Behind the named proxy each forwarded address is its own client.
    expect(statuses.every((s) => s === 400)).toBe(true);
    await service.stop();
  });
});

describe('the listen address', () => {
  const reachable = (host: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port }, () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });

  it('binds only the configured host', async () => {
    const local = await startService(
      config((c) => ({ ...c, host: '127.0.0.1' })),
      quietLogger(),
      { schedule: false },
    );
    expect(await reachable('127.0.0.1', local.port)).toBe(true);
    // 127.0.0.2 is loopback too, but not the address bound.
    expect(await reachable('127.0.0.2', local.port)).toBe(false);
    await local.stop();
    const all = await startService(config(), quietLogger(), { schedule: false });
    expect(await reachable('127.0.0.2', all.port)).toBe(true);
    await all.stop();
  });
});
