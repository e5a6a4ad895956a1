/**
 * Inspection commands (`ledger`, `status`, `report`, `audit verify`, `audit export`) open the
 * store read-only: no migration, no directory, no write. Run from dist/ as an unprivileged user
 * on a directory it cannot write (as root, chmod alone would not stop a write, so the commands
 * run as `nobody` through setpriv), they must still answer.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditLog } from '../../src/store/audit';
import { openDb } from '../../src/store/db';
import { Ledger } from '../../src/store/ledger';
import { migrateSqlite } from '../../src/store/migrate';
import { migrations } from '../../src/store/migrations/sqlite';
import { PlanStore } from '../../src/store/plans';
import { runCli } from '../helpers/cli';
import { tempDir, testEnv } from '../helpers/tmp';
import { threeLinePlan } from '../helpers/three-line-plan';

const root = path.resolve(__dirname, '..', '..');
const PLAN = 'plan-ro';
const T0 = new Date('2025-02-14T00:00:00Z');
const hotkey = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

/**
 * A store written by an older govbridge (later migrations missing): a migration on open would
 * show. 012 (the lease and the ledger's fencing column) and 017 (the ledger's outcome code) are
 * applied because today's ledger code writes the seed rows.
 */
async function seed(dir: string): Promise<string> {
  const file = path.join(dir, 'govbridge.sqlite');
  const db = await openDb(file, { migrate: false });
  migrateSqlite(
    db.sqlite!,
    migrations.filter((m) => m.version <= 5 || m.version === 12 || m.version === 17),
  );
  const plans = new PlanStore(db);
  await plans.insertPlan(
    {
      id: PLAN,
      space: 'rokonetwork.eth',
      title: 'Read-only check',
      state: 'accepted',
      plan: threeLinePlan,
      cadence: 'P1W',
      proposalEnd: T0.getTime() / 1000,
      acceptedAt: T0,
    },
    T0,
  );
  await plans.setState(PLAN, 'accepted', 'active', T0, { activatedAt: T0, lockEndsAt: new Date('2025-04-14T00:00:00Z') });
  const txHash = '0x' + '51'.padStart(64, '0');
  const ledger = new Ledger(db);
  await ledger.recordSubmitting(
    [
      {
        planId: PLAN,
        kind: 'tranche',
        netuid: 51,
        trancheIndex: 0,
        action: 'addStakeLimit',
        hotkey,
        amount: 5_525_000_000n,
        price: 2_210_000_000n,
        limitPrice: 2_210_000_000n,
      },
    ],
    { txHash, callHash: txHash, signer: 'me', nonce: 0, eraBlock: 1, validUntilBlock: 64, actions: [] },
    T0,
  );
  await ledger.markIncluded(
    txHash,
    {
      txHash,
      blockHash: '0x01',
      blockNumber: 1000,
      finalized: true,
      feeRao: 1n,
      stakes: [{ kind: 'added', coldkey: 'c', hotkey, netuid: 51, taoRao: 5_525_000_000n, alpha: 2_500_000_000n, feeRao: 0n }],
    },
    T0,
  );
  const audit = new AuditLog(db);
  await audit.append({ actor: 'test', action: 'seeded', planId: PLAN }, T0);
  await audit.append({ actor: 'test', action: 'checked', planId: PLAN }, T0);
  await db.close();
  return file;
}

const COMMANDS: [string, string[], RegExp][] = [
  ['ledger', ['ledger', PLAN], /netuid 51: 1 tranches finalized, 5\.525 TAO sent/],
  ['status', ['status'], /plan-ro {2}Read-only check {2}\[active\]/],
  ['report', ['report', PLAN], /Review of Read-only check/],
  [
    'audit verify',
    ['audit', 'verify'],
    /audit trail intact: 4 entries[^\n]*\n +1 {2}checked\n +1 {2}ledger.finalized\n +1 {2}ledger.submitted/,
  ],
  ['audit export', ['audit', 'export'], /"action":"seeded"/],
];

const fingerprint = (file: string) => {
  const st = fs.statSync(file);
  return { sha: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'), mtime: st.mtimeMs, size: st.size };
};

describe('read-only inspection, in process', () => {
  const dir = tempDir();
  const file = path.join(dir, 'govbridge.sqlite');
  let before: ReturnType<typeof fingerprint>;
  beforeAll(async () => {
    expect(await seed(dir)).toBe(file);
    before = fingerprint(file);
  });

  it.each(COMMANDS)('%s answers and leaves the file as it was (no migration, no write)', async (_name, args, expected) => {
    const r = await runCli(args, testEnv({ GOVBRIDGE_DATA_DIR: dir }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(expected);
    expect(fingerprint(file)).toEqual(before);
  });

  it('and the file still has only the old migrations', () => {
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n, MAX(version) AS v FROM schema_migrations').get()).toEqual({ n: 7, v: 17 });
    db.close();
  });
});

const asNobody = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

describe('read-only inspection on a data dir the user cannot write', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'govbridge-ro-'));
  const dir = path.join(base, 'data');
  fs.mkdirSync(dir);
  beforeAll(async () => {
    await seed(dir);
    fs.chmodSync(base, 0o755);
    fs.chmodSync(path.join(dir, 'govbridge.sqlite'), 0o444);
    fs.chmodSync(dir, 0o555);
  });
  // Writable again first, or a user other than root could not remove it.
  afterAll(() => {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(base, { recursive: true, force: true });
  });

  const run = (args: string[]) => {
    const cmd = [process.execPath, path.join(root, 'dist', 'cli.js'), ...args];
    const [exe, ...rest] = asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...cmd] : cmd;
    return spawnSync(exe!, rest, {
      env: { PATH: process.env.PATH, GOVBRIDGE_DATA_DIR: dir, GOVBRIDGE_LOG_LEVEL: 'error' },
      encoding: 'utf8',
      timeout: 30_000,
    });
  };

  it('the user really cannot write there', () => {
    const probe = asNobody
      ? spawnSync('setpriv', [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          '-e',
          `require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'x'))}, 'x')`,
        ])
      : spawnSync(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'x'))}, 'x')`]);
    expect(probe.status).not.toBe(0);
  });

  it.each(COMMANDS)('%s answers from dist/', (_name, args, expected) => {
    const r = run(args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(expected);
    expect(fs.readdirSync(dir)).toEqual(['govbridge.sqlite']);
  });
});
