/**
 * `/ready` as `serve` assembles it, on a real SQLite file: the store check proves a write, and a
 * deleted, replaced or full database stops the jobs; the hub flag follows each request.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dbFile, loadConfig } from '../../src/config/load';
import type { Config } from '../../src/config/schema';
import { quietLogger } from '../../src/log';
import { startService, type Service } from '../../src/main';
import type { Db } from '../../src/store/db';
import { tempDir, testEnv } from '../helpers/tmp';
import { hubData } from '../fixtures/hub/proposals';
import { LoopbackHub } from '../fixtures/hub/server';

const dir = tempDir();
let n = 0;
function config(over: (c: Config) => Config = (c) => c): Config {
  const r = loadConfig(testEnv({ GOVBRIDGE_DATA_DIR: path.join(dir, `svc-${++n}`) }));
  if (!r.ok) throw new Error(r.errors.join('; '));
  return over(r.value);
}

async function ready(s: Service): Promise<{ status: number; checks: Record<string, boolean>; problems?: Record<string, string> }> {
  const r = await fetch(`http://127.0.0.1:${s.port}/ready`);
  const body = (await r.json()) as { checks: Record<string, boolean>; problems?: Record<string, string> };
  return { status: r.status, checks: body.checks, ...(body.problems ? { problems: body.problems } : {}) };
}
const metrics = async (s: Service) => (await fetch(`http://127.0.0.1:${s.port}/metrics`)).text();

/** Takes every free page, then fills the last ones: the next write that needs a page is SQLITE_FULL. */
function fillUp(db: Db): number {
  const sqlite = db.sqlite!;
  sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
  const insert = sqlite.prepare("INSERT INTO kv (key, value, updated_at) VALUES (?, 'x', '')");
  for (let i = 0; i < 1_000_000; i++) {
    try {
      insert.run(`filler-${i}`);
    } catch (e) {
      expect((e as { code?: string }).code).toBe('SQLITE_FULL');
      return i;
    }
  }
  throw new Error('never full');
}

describe('the store check of /ready', () => {
  let service: Service;
  afterEach(() => service.stop());

  it('is ready on a healthy store, and not ready once the database file is deleted; the tick stops', async () => {
    const cfg = config();
    service = await startService(cfg, quietLogger(), { schedule: false });
    await service.scheduler.trigger(service.jobs.poll);
    expect(await ready(service)).toEqual({ status: 200, checks: { store: true, chain: true, hub: true, tranches: true, jobs: true } });
    const plans = (await service.components.plans.list()).filter((p) => p.state === 'accepted');
    expect(plans.length).toBeGreaterThan(0);
    fs.rmSync(dbFile(cfg));
    expect(await ready(service)).toEqual({
      status: 503,
      checks: { store: false, chain: true, hub: true, tranches: true, jobs: true },
      problems: { store: 'file-deleted' },
    });
    // Without the guard this tick would activate the accepted plan and write its ledger into the deleted file.
    const tick = (await service.jobs.tick.runOnce(service.clock())) as { skipped?: string; problem?: string };
    expect(tick).toMatchObject({ skipped: 'store', problem: 'file-deleted' });
    expect(await service.components.ledger.forPlan(plans[0]!.id)).toEqual([]);
    const text = await metrics(service);
    expect(text).toMatch(/^govbridge_store_healthy 0$/m);
    expect(text).toMatch(/^govbridge_store_errors_total\{kind="file-deleted"\} 1$/m);
  });

  it('is not ready once the database file is replaced by another one', async () => {
    const cfg = config();
    service = await startService(cfg, quietLogger(), { schedule: false });
    expect((await ready(service)).status).toBe(200);
    const file = dbFile(cfg);
    fs.copyFileSync(file, file + '.copy');
    fs.renameSync(file + '.copy', file);
    expect(await ready(service)).toEqual({
      status: 503,
      checks: { store: false, chain: true, hub: true, tranches: true, jobs: true },
      problems: { store: 'file-replaced' },
    });
    expect(await service.jobs.poll.runOnce(service.clock())).toMatchObject({ skipped: 'store', problem: 'file-replaced' });
  });

  it('reports a full disk as a store error, never a chain error', async () => {
    service = await startService(config(), quietLogger(), { schedule: false });
    expect((await ready(service)).status).toBe(200);
    expect(fillUp(service.components.db)).toBeGreaterThan(0);
    expect(await ready(service)).toEqual({
      status: 503,
      checks: { store: false, chain: true, hub: true, tranches: true, jobs: true },
      problems: { store: 'disk-full' },
    });
    expect(service.components.storeHealth.status()).toMatchObject({ ok: false, problem: 'disk-full' });
    expect(await service.jobs.tick.runOnce(service.clock())).toMatchObject({ skipped: 'store', problem: 'disk-full' });
    const text = await metrics(service);
    expect(text).toMatch(/^govbridge_store_errors_total\{kind="disk-full"\} 1$/m);
    expect(text).not.toMatch(/^govbridge_chain_errors_total\{/m);
    expect(text).not.toMatch(/^govbridge_hub_errors_total\{/m);
  });
});

describe('corrupted pages', () => {
  it('make the store unhealthy for good once a route reads one, and stop the jobs', async () => {
    const cfg = config();
    const service = await startService(cfg, quietLogger(), { schedule: false });
    const { audit, db } = service.components;
    for (let i = 0; i < 4000; i++) await audit.append({ actor: 'test', action: 'filler', data: { i, text: 'z'.repeat(600) } }, new Date());
    // Everything into the main file, then garbage over pages near its start (the audit trail's first leaves).
    const sqlite = db.sqlite!;
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
    const fd = fs.openSync(dbFile(cfg), 'r+');
    for (let page = 20; page < 60; page++) fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, page * pageSize);
    fs.closeSync(fd);
    // As in a long-running process whose cache no longer holds those pages: they are read from the file.
    sqlite.pragma('cache_size = 0');
    const r = await fetch(`http://127.0.0.1:${service.port}/api/audit?limit=500`);
    expect(r.status).toBe(500);
    expect(await ready(service)).toEqual({
      status: 503,
      checks: { store: false, chain: true, hub: true, tranches: true, jobs: true },
      problems: { store: 'corrupt' },
    });
    expect(await service.jobs.tick.runOnce(service.clock())).toMatchObject({ skipped: 'store', problem: 'corrupt' });
    // A probe write elsewhere in the file would pass; the problem stays until a restart.
    expect((await ready(service)).status).toBe(503);
    expect(await metrics(service)).toMatch(/^govbridge_store_errors_total\{kind="corrupt"\} 1$/m);
    await service.stop();
  });
});

describe('the hub flag of /ready', () => {
  it('clears on the first successful request, while the poll that made it is still walking', async () => {
    const hub = await new LoopbackHub(hubData(6)).start();
    const service = await startService(
      config((c) => ({ ...c, source: { ...c.source, kind: 'snapshot', hubUrl: hub.url, pageSize: 1, maxRetries: 0, timeoutMs: 3000 } })),
      quietLogger(),
      { schedule: false },
    );
    hub.faults.push({ kind: 'status', status: 503 });
    await service.scheduler.trigger(service.jobs.poll);
    expect((await ready(service)).checks.hub).toBe(false);
    // The next poll: its first page answers, its second hangs.
    const hang = hub.requests.length + 2;
    hub.faultFor = (k) => (k === hang ? { kind: 'hang' } : null);
    const polling = service.scheduler.trigger(service.jobs.poll);
    while (hub.requests.length < hang) await new Promise((r) => setTimeout(r, 10));
    expect(await ready(service)).toEqual({ status: 200, checks: { store: true, chain: true, hub: true, tranches: true, jobs: true } });
    await hub.stop();
    await polling;
    await service.stop();
  });
});
