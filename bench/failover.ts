import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { row, type BenchRow } from './row';

const root = path.resolve(__dirname, '..');
const TTL_S = 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function serve(dataDir: string): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'serve', '--speed', '36000'], {
    env: {
      PATH: process.env.PATH,
      GOVBRIDGE_PORT: '0',
      GOVBRIDGE_DATA_DIR: dataDir,
      GOVBRIDGE_SOURCE: 'fixtures',
      GOVBRIDGE_LOG_LEVEL: 'warn',
      GOVBRIDGE_LEASE_TTL_SECONDS: String(TTL_S),
    },
    stdio: 'ignore',
  });
}

async function until<T>(fn: () => T | undefined, timeoutMs: number, everyMs = 10): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = fn();
      if (v !== undefined) return v;
    } catch {
      // the store may not exist yet
    }
    if (Date.now() > end) throw new Error('failover bench: timed out');
    await sleep(everyMs);
  }
}

/**
 * One failover: two `serve` processes on one data dir run the seed demo; the leader is
 * SIGKILLed mid-plan; measured from the kill to the new lease, and to the first ledger row the
 * new leader writes (its fencing token is on the row).
 */
async function once(): Promise<{ lease: number; tranche: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govbridge-failover-'));
  const a = serve(dir);
  let b: ChildProcess | null = null;
  try {
    const file = path.join(dir, 'govbridge.sqlite');
    await until(() => (fs.existsSync(file) ? true : undefined), 20_000);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    const lease = () =>
      db.prepare("SELECT token, acquired_at FROM leases WHERE name = 'executor'").get() as
        { token: number; acquired_at: number } | undefined;
    await until(() => lease(), 20_000);
    b = serve(dir);
    await sleep(1500);
    await until(
      () => ((db.prepare("SELECT COUNT(*) AS n FROM ledger WHERE kind = 'tranche'").get() as { n: number }).n >= 20 ? true : undefined),
      60_000,
      50,
    );
    const before = lease()!.token;
    a.kill('SIGKILL');
    const killed = Date.now();
    const taken = await until(
      () => {
        const l = lease();
        return l && l.token > before ? l : undefined;
      },
      20_000,
      5,
    );
    await until(() => (db.prepare('SELECT id FROM ledger WHERE fence_token = ? LIMIT 1').get(taken.token) ? true : undefined), 20_000, 5);
    const tranche = Date.now() - killed;
    db.close();
    return { lease: taken.acquired_at - killed, tranche };
  } finally {
    a.kill('SIGKILL');
    b?.kill('SIGKILL');
    await sleep(200);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchFailover(): Promise<BenchRow[]> {
  const runs = [await once(), await once()];
  const mean = (k: 'lease' | 'tranche') => runs.reduce((s, r) => s + r[k], 0) / runs.length;
  return [
    row(
      `failover: leader SIGKILL → new leader holds the lease (TTL ${TTL_S} s, mean of 2)`,
      mean('lease'),
      'ms',
      TTL_S * 1000,
      'the lease TTL',
    ),
    row(
      `failover: leader SIGKILL → first tranche by the new leader (TTL ${TTL_S} s, mean of 2)`,
      mean('tranche'),
      'ms',
      TTL_S * 1000,
      'the lease TTL',
    ),
  ];
}
