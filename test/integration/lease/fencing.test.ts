import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SEED_ID, ServeProcess, serveEnv, waitFor } from './serve-process';
import { expectOnceEach, ledgerOf } from './ledger-checks';
import { tempDir } from '../../helpers/tmp';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The process state letter from /proc (T = stopped). */
const stateOf = (pid: number): string => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0]!;

describe('a leader frozen with SIGSTOP past its lease', () => {
  const dir = path.join(tempDir(), 'data');
  let b: ServeProcess | undefined;
  afterAll(async () => b?.stop());

  it('is taken over, and once resumed its late writes are refused by the database', async () => {
    const a = spawn(
      process.execPath,
      ['-r', path.join(ROOT, 'scripts', 'chain', 'ts-hook.cjs'), path.join(__dirname, 'paused-leader.ts')],
      {
        env: serveEnv(dir, { GOVBRIDGE_SPEED: '36000' }),
      },
    );
    let out = '';
    a.stdout.on('data', (d: Buffer) => (out += d.toString()));
    a.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((r) => a.on('exit', r));
    try {
      await waitFor('the leader to freeze itself', () => out.includes('PAUSING') && stateOf(a.pid!) === 'T', 30_000, 50);
      const token = (JSON.parse(/LEADER (.*)/.exec(out)![1]!) as { token: number }).token;
      const db = new Database(path.join(dir, 'govbridge.sqlite'), { readonly: true });
      const rowsOf = (t: number) => (db.prepare('SELECT COUNT(*) AS n FROM ledger WHERE fence_token = ?').get(t) as { n: number }).n;
      const frozenRows = rowsOf(token);
      expect(frozenRows).toBeGreaterThan(0);

      b = await ServeProcess.start(dir, 36000);
      await waitFor('b to take over the expired lease', async () => (await b!.ready()).role === 'leader', 10_000, 100);
      await waitFor(
        'b to run tranches',
        async () => (await b!.json<{ tranches: unknown[] }>(`/api/plans/${SEED_ID}/tranches`)).tranches.length > frozenRows + 10,
        30_000,
      );

      a.kill('SIGCONT');
      await waitFor('the resumed leader to report', () => out.includes('REPORT '), 20_000, 50);
      const report = JSON.parse(/REPORT (.*)/.exec(out)![1]!) as { sent: number; errors: string[] };
      expect(report.errors).toEqual([expect.stringMatching(/^fenced: this writer does not hold the current executor lease/)]);
      // Nothing the frozen leader did after the takeover reached the store.
      expect(rowsOf(token)).toBe(frozenRows);
      db.close();
      await exited;
      expectOnceEach(await ledgerOf(dir), false);
    } finally {
      a.kill('SIGKILL');
    }
  }, 120_000);
});
