import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDryRunChain } from '../src/chain/sim';
import { loadConfig } from '../src/config/load';
import type { ProposalRecord } from '../src/domain/proposal';
import { Executor } from '../src/executor/executor';
import { hotkeyResolver } from '../src/executor/hotkeys';
import { LifecycleExecutorPlans } from '../src/wiring/executor-plans';
import { Governance } from '../src/governance/governance';
import { policyFromConfig } from '../src/governance/policy';
import { quietLogger } from '../src/log';
import { hubToRecord } from '../src/sources/snapshot';
import { AuditLog } from '../src/store/audit';
import { openDb, type Db } from '../src/store/db';
import { Ledger } from '../src/store/ledger';
import { PlanStore } from '../src/store/plans';
import { ProposalStore } from '../src/store/proposals';
import { SPACE, generatedProposals } from '../test/fixtures/hub/proposals';
import { DAY_MS, SEED_START, TAO, defaultSettings, seedPlan } from '../test/helpers/executor';
import { findBinDir, startServer, stopServer, type PgServer } from '../test/helpers/postgres';
import { row, type BenchRow } from './row';

/** Measured ticks per backend; each one is a day after the last, so each has tranches due. */
const TICKS = 30;
/** Ingested pages per backend, of the hub's largest page. */
const PAGES = 10;
const PAGE_SIZE = 1000;

interface Figures {
  tickMedianMs: number;
  tickP95Ms: number;
  ingestMsPer1000: number;
}

const elapsedMs = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** The q-quantile of sorted samples, by the nearest-rank rule. */
const quantile = (sorted: number[], q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;

/**
 * The executor as the service builds it (lifecycle store, governance, ledger) over one store,
 * on the dry-run chain. The seed plan is accepted; the first tick activates it (phase 1 and
 * tranche 0) and is not timed. Each timed tick then comes one cadence period (a day) after the
 * last, so it reconciles, schedules and sends the five DCA tranches due, and records them.
 */
async function tickLatency(db: Db, ticks: number): Promise<{ median: number; p95: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govbridge-bench-store-cfg-'));
  try {
    const loaded = loadConfig({ NODE_ENV: 'test', GOVBRIDGE_DATA_DIR: dir });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const log = quietLogger();
    let t = SEED_START.getTime();
    const clock = () => new Date(t);
    const chain = createDryRunChain({ seed: 7, clock, treasuryRootStake: 884n * TAO });
    const plans = new PlanStore(db);
    const governance = new Governance({
      plans,
      audit: new AuditLog(db),
      policy: policyFromConfig(loaded.value),
      cadence: 'P1D',
      log,
    });
    await plans.insertPlan(
      {
        id: 'bench-seed',
        space: SPACE,
        title: 'bench seed plan',
        state: 'accepted',
        plan: seedPlan(),
        cadence: 'P1D',
        proposalEnd: SEED_START.getTime() / 1000,
        acceptedAt: SEED_START,
      },
      SEED_START,
    );
    const executor = new Executor({
      chain,
      ledger: new Ledger(db),
      plans: new LifecycleExecutorPlans(plans, governance),
      log,
      settings: defaultSettings(),
      treasury: chain.treasury,
      hotkeyFor: hotkeyResolver({}, 'dry-run'),
    });
    const first = await executor.runOnce(clock());
    const messages = (r: { problems: { message: string }[] }): string => r.problems.map((p) => p.message).join('; ');
    if (first.problems.length || first.activated.length !== 1) throw new Error(`activation tick failed: ${messages(first)}`);
    const samples: number[] = [];
    for (let i = 1; i <= ticks; i++) {
      t = SEED_START.getTime() + i * DAY_MS;
      const t0 = process.hrtime.bigint();
      const r = await executor.runOnce(clock());
      samples.push(elapsedMs(t0));
      // A tick that sent nothing would time an idle tick, not the workload asked for.
      if (r.problems.length || r.sent === 0) throw new Error(`tick ${i} sent ${r.sent} (${messages(r) || 'no error'})`);
    }
    await chain.close();
    samples.sort((a, b) => a - b);
    return { median: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The generated hub proposals as the Snapshot source hands them to the store, all closed and final. */
function records(n: number): ProposalRecord[] {
  return generatedProposals(n).map((p) => {
    const r = hubToRecord({ ...p, state: 'closed' });
    if (!r.ok) throw new Error(`generated proposal rejected: ${r.errors.join('; ')}`);
    return r.value;
  });
}

/** Ingests the pages into an empty store, each with the cursor after it, as the poller does. */
async function ingestMsPer1000(db: Db, pages: ProposalRecord[][]): Promise<number> {
  const store = new ProposalStore(db);
  const now = new Date('2025-02-14T00:00:00Z');
  const t0 = process.hrtime.bigint();
  for (const page of pages) {
    const last = page[page.length - 1]!;
    const counts = await store.ingest(SPACE, { records: page, rejects: [], held: [] }, { end: last.end, ids: [last.id] }, now);
    if (counts.added !== page.length) throw new Error(`ingest added ${counts.added} of ${page.length}`);
  }
  const ms = elapsedMs(t0);
  return ms / (pages.reduce((k, page) => k + page.length, 0) / 1000);
}

/** Both workloads on one backend, each on a store nobody used yet. */
async function measure(target: () => Promise<string>, pages: ProposalRecord[][], ticks = TICKS): Promise<Figures> {
  const tickDb = await openDb(await target());
  let tick: { median: number; p95: number };
  try {
    tick = await tickLatency(tickDb, ticks);
  } finally {
    await tickDb.close();
  }
  const ingestDb = await openDb(await target());
  try {
    return { tickMedianMs: tick.median, tickP95Ms: tick.p95, ingestMsPer1000: await ingestMsPer1000(ingestDb, pages) };
  } finally {
    await ingestDb.close();
  }
}

/** A new, empty database on the server; returns its URL. */
async function createDatabase(server: PgServer, name: string): Promise<string> {
  const client = new Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return url.toString();
}

const TICK_BUDGET = 'one executor cron tick (60 s)';
const INGEST_BUDGET = 'the hub-cost budget (10 s for 10,000 proposals)';

/**
 * The store backends side by side: the same executor ticks and proposal pages on a SQLite file
 * and on a fresh database of a throwaway local PostgreSQL server (loopback, durability off, as
 * in the tests). A warm-up pass on SQLite runs first so that neither backend pays for the JIT.
 */
export async function benchStore(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govbridge-bench-store-'));
  let n = 0;
  const sqliteFile = () => Promise.resolve(path.join(dir, `store-${++n}.sqlite`));
  try {
    const all = records(PAGES * PAGE_SIZE);
    const pages = Array.from({ length: PAGES }, (_, i) => all.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE));
    await measure(sqliteFile, pages.slice(0, 2), 5);
    const lite = await measure(sqliteFile, pages);
    const rows = [
      row('store: tick latency, median (SQLite)', lite.tickMedianMs, 'ms', 60_000, TICK_BUDGET),
      row('store: tick latency, p95 (SQLite)', lite.tickP95Ms, 'ms', 60_000, TICK_BUDGET),
      row('store: ingest per 1,000 proposals (SQLite)', lite.ingestMsPer1000, 'ms', 1000, INGEST_BUDGET),
    ];
    const binDir = await findBinDir();
    if (!binDir) {
      process.stderr.write('bench: store backends: PostgreSQL was not measured: no server binaries (initdb, pg_ctl) found\n');
      return rows;
    }
    let server: PgServer;
    try {
      server = await startServer(binDir);
    } catch (e) {
      process.stderr.write(`bench: store backends: PostgreSQL was not measured: ${(e as Error).message.split('\n')[0]}\n`);
      return rows;
    }
    let pg: Figures;
    try {
      pg = await measure(() => createDatabase(server, `govbridge_bench_${++n}`), pages);
    } finally {
      await stopServer(server);
    }
    const sameOnSqlite = 'the same on SQLite';
    const parity = 'parity with SQLite; value = PostgreSQL / SQLite';
    rows.push(
      row('store: tick latency, median (PostgreSQL)', pg.tickMedianMs, 'ms', lite.tickMedianMs, sameOnSqlite),
      row('store: tick latency, p95 (PostgreSQL)', pg.tickP95Ms, 'ms', lite.tickP95Ms, sameOnSqlite),
      row('store: ingest per 1,000 proposals (PostgreSQL)', pg.ingestMsPer1000, 'ms', lite.ingestMsPer1000, sameOnSqlite),
      row('store: tick latency median, PostgreSQL / SQLite', pg.tickMedianMs / lite.tickMedianMs, 'x', 1, parity),
      row('store: tick latency p95, PostgreSQL / SQLite', pg.tickP95Ms / lite.tickP95Ms, 'x', 1, parity),
      row('store: ingest, PostgreSQL / SQLite', pg.ingestMsPer1000 / lite.ingestMsPer1000, 'x', 1, parity),
    );
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchStore().then((rows) => console.log(JSON.stringify(rows, null, 2)));
}
