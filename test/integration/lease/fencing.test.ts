import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SEED_ID, ServeProcess, serveEnv, waitFor } from './serve-process';
import { expectOnceEach, ledgerOf } from './ledger-checks';
import { tempDir } from '../../helpers/tmp';
import { describeBackends, freshDatabase } from '../../helpers/postgres';
import { openDb } from '../../../src/store/db';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The process state letter from /proc (T = stopped). */
const stateOf = (pid: number): string => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0]!;

describeBackends('a leader frozen with SIGSTOP past its lease', (backend) => {
  const dir = path.join(tempDir(), 'data');
  let b: ServeProcess | undefined;
  afterAll(async () => b?.stop());

  it('is taken over, and once resumed its late writes are refused by the database', async () => {
    const env: Record<string, string> = backend.name === 'postgres' ? { DATABASE_URL: await freshDatabase() } : {};
    const a = spawn(
      process.execPath,
      ['-r', path.join(ROOT, 'scripts', 'chain', 'ts-hook.cjs'), path.join(__dirname, 'paused-leader.ts')],
      {
        env: serveEnv(dir, { GOVBRIDGE_SPEED: '36000', ...env }),
      },
    );
    let out = '';
    a.stdout.on('data', (d: Buffer) => (out += d.toString()));
    a.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((r) => a.on('exit', r));
    try {
      await waitFor('the leader to freeze itself', () => out.includes('PAUSING') && stateOf(a.pid!) === 'T', 30_000, 50);
      const token = (JSON.parse(/LEADER (.*)/.exec(out)![1]!) as { token: number }).token;
      const db = await openDb(env.DATABASE_URL ?? path.join(dir, 'govbridge.sqlite'), { readonly: true });
      const rowsOf = async (t: number) =>
        Number(
          (
            await db.q
              .selectFrom('ledger')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('fence_token', '=', t)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const frozenRows = await rowsOf(token);
      expect(frozenRows).toBeGreaterThan(0);

      b = await ServeProcess.start(dir, 36000, env);
      await waitFor('b to take over the expired lease', async () => (await b!.ready()).role === 'leader', 10_000, 100);
      await waitFor(
        'b to run tranches',
        async () => (await b!.json<{ tranches: unknown[] }>(`/api/plans/${SEED_ID}/tranches`)).tranches.length > frozenRows + 10,
        30_000,
      );

      a.kill('SIGCONT');
      await waitFor('the resumed leader to report', () => out.includes('REPORT '), 20_000, 50);
      const report = JSON.parse(/REPORT (.*)/.exec(out)![1]!) as { sent: number; problems: { code: string }[] };
      expect(report.problems.map((p) => p.code)).toEqual(['tick.fenced']);
      // Nothing the frozen leader did after the takeover reached the store.
      expect(await rowsOf(token)).toBe(frozenRows);
      await db.close();
      await exited;
      expectOnceEach(await ledgerOf(dir, env), false);
    } finally {
      a.kill('SIGKILL');
    }
  }, 120_000);
});
