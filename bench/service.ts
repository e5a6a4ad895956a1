import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchedule } from '../src/domain/schedule';
import type { AllocationPlan } from '../src/domain/plan';
import { openDb, type Db } from '../src/store/db';
import { PlanStore } from '../src/store/plans';
import { Ledger } from '../src/store/ledger';
import { problem } from '../src/domain/problem';
import { OUTCOME } from '../src/domain/execution/outcome';
import { row, type BenchRow } from './row';

const root = path.resolve(__dirname, '..');
const TAO = 1_000_000_000n;

/** A plan with 64 DCA subnets of 1 TAO each over two months. */
function widePlan(): AllocationPlan {
  const allocations = Array.from({ length: 64 }, (_, i) => ({
    netuid: i + 1,
    name: `SN${i + 1}`,
    percent: '1.5625',
    rao: TAO,
    mode: 'dca' as const,
  }));
  return {
    version: 1,
    kind: 'allocation',
    totalRao: 64n * TAO,
    allocations,
    dca: { duration: 'P2M', cadences: ['P1D'] },
    lock: null,
    source: 'block',
    warnings: [],
  };
}

function benchSchedule(): BenchRow[] {
  const plan = widePlan();
  const start = new Date('2025-02-14T00:00:00Z');
  const t0 = process.hrtime.bigint();
  let tranches = 0;
  for (let i = 0; i < 10_000; i++) tranches += buildSchedule(plan, new Date(start.getTime() + i * 60_000), 'P1D').length;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return [
    row('schedule 10,000 plans × 64 subnets (daily, P2M)', ms, 'ms', 60_000, 'one executor cron tick (60 s)'),
    row('tranches scheduled per ms', tranches / ms, 'tranches/ms', 1, 'one tranche per ms'),
  ];
}

const rssKb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
};

/** Starts the built service on a data dir, waits for it to listen, lets it settle, reads its RSS. */
async function serviceRss(dataDir: string, touch: (base: string) => Promise<void>): Promise<number> {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'serve'], {
    env: {
      PATH: process.env.PATH,
      GOVBRIDGE_PORT: '0',
      GOVBRIDGE_DATA_DIR: dataDir,
      GOVBRIDGE_SOURCE: 'fixtures',
      GOVBRIDGE_LOG_FORMAT: 'json',
      GOVBRIDGE_LOG_LEVEL: 'info',
      GOVBRIDGE_POLL_CRON: '0 0 1 1 *',
      GOVBRIDGE_TICK_CRON: '0 0 1 1 *',
    },
  });
  let logs = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start: ${logs}`)), 30_000);
    child.stderr.on('data', (d: Buffer) => {
      logs += d.toString();
      const m = /"port":(\d+)/.exec(logs);
      if (m && logs.includes('govbridge started')) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  await touch(`http://127.0.0.1:${port}`);
  await new Promise((r) => setTimeout(r, 3000));
  const kb = rssKb(child.pid!);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  return kb / 1024;
}

async function bareNodeRss(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
  await new Promise((r) => setTimeout(r, 1000));
  const kb = rssKb(child.pid!);
  child.kill();
  return kb / 1024;
}

/** Fills a data dir with one active plan and 10,000 finalized ledger rows. */
async function seedLedger(dataDir: string): Promise<string> {
  const db = await openDb(path.join(dataDir, 'govbridge.sqlite'));
  try {
    await seedRows(db);
  } finally {
    await db.close();
  }
  return 'bench-plan';
}

async function seedRows(db: Db): Promise<void> {
  const plans = new PlanStore(db);
  const ledger = new Ledger(db);
  const now = new Date('2025-02-14T00:00:00Z');
  await plans.insertPlan(
    {
      id: 'bench-plan',
      space: 'rokonetwork.eth',
      title: 'bench',
      state: 'active',
      plan: widePlan(),
      cadence: 'P1D',
      proposalEnd: 1739491200,
      acceptedAt: now,
    },
    now,
  );
  // One transaction for the 10,000 rows: the writes join it, so they commit once.
  await db.tx(async () => {
    for (let i = 0; i < 10_000; i++) {
      const entry = {
        planId: 'bench-plan',
        kind: 'tranche' as const,
        netuid: (i % 64) + 1,
        trancheIndex: Math.floor(i / 64),
        action: 'addStakeLimit' as const,
        hotkey: 'hk',
        amount: 1_000_000n,
        price: TAO,
        limitPrice: TAO,
      };
      await ledger.recordRefused(entry, 'skipped', problem(OUTCOME.refused, 'bench row'), now);
    }
  });
}

export async function benchService(): Promise<BenchRow[]> {
  const rows = benchSchedule();
  const bare = await bareNodeRss();
  const idleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-bench-idle-'));
  const idle = await serviceRss(idleDir, async (base) => void (await fetch(`${base}/health`)));
  rows.push(row('idle RSS of the running service after start', idle, 'MiB', bare, 'an idle bare node process'));
  const fullDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-bench-ledger-'));
  const planId = await seedLedger(fullDir);
  const full = await serviceRss(fullDir, async (base) => {
    for (const p of [`/api/plans/${planId}/tranches`, `/api/plans/${planId}`, '/metrics']) await (await fetch(base + p)).text();
  });
  rows.push(row('RSS after 10,000 ledger rows (served once)', full, 'MiB', idle, 'the idle service'));
  for (const d of [idleDir, fullDir]) fs.rmSync(d, { recursive: true, force: true });
  return rows;
}
