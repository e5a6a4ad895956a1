import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { CLI, SEED_ID, ServeProcess, serveEnv, waitFor } from './serve-process';
import { expectOnceEach, ledgerOf } from './ledger-checks';
import { tempDir } from '../../helpers/tmp';

interface PlanJson {
  state: string;
  activatedAt: string;
  lockEndsAt: string;
  progress: { lockRemainingSeconds: number | null };
}
interface PlansJson {
  asOf: string;
}

describe('restarting the dry-run demo mid-plan', () => {
  const dir = path.join(tempDir(), 'data');
  const procs: ServeProcess[] = [];
  afterAll(async () => Promise.all(procs.map((p) => p.stop())));

  it('continues the same world and timeline: no phase 1 again, no failures', async () => {
    const first = await ServeProcess.start(dir, 36000);
    procs.push(first);
    const count = async (p: ServeProcess) => (await p.json<{ tranches: unknown[] }>(`/api/plans/${SEED_ID}/tranches`)).tranches.length;
    await waitFor('tranches before the restart', async () => (await count(first)) >= 25, 60_000);
    const before = await first.json<PlanJson>(`/api/plans/${SEED_ID}`);
    const asOf = Date.parse((await first.json<PlansJson>('/api/plans')).asOf);
    first.signal('SIGTERM');
    expect(await first.exited).toBe(0);
    const stoppedAt = Date.now();
    const rowsBefore = (await ledgerOf(dir)).rows.length;

    const second = await ServeProcess.start(dir, 36000);
    procs.push(second);
    const after = await second.json<PlanJson>(`/api/plans/${SEED_ID}`);
    // The same plan, activated at the same virtual time: the lock countdown goes on from where it was.
    expect([after.activatedAt, after.lockEndsAt, after.state]).toEqual([before.activatedAt, before.lockEndsAt, 'active']);
    const asOfAfter = Date.parse((await second.json<PlansJson>('/api/plans')).asOf);
    expect(asOfAfter).toBeGreaterThanOrEqual(asOf);
    expect(asOfAfter - asOf).toBeLessThan((Date.now() - stoppedAt + 5_000) * 36000);
    expect(after.progress.lockRemainingSeconds!).toBeLessThanOrEqual(before.progress.lockRemainingSeconds!);

    await waitFor('tranches after the restart', async () => (await count(second)) >= rowsBefore + 20, 60_000);
    // `run --once` beside the running service does not tick: it names the leader and exits 1.
    const once = spawnSync(process.execPath, [CLI, 'run', '--once'], {
      env: serveEnv(dir, { GOVBRIDGE_LOG_LEVEL: 'error' }),
      encoding: 'utf8',
    });
    expect(once.status).toBe(1);
    expect(once.stderr).toContain(`not ticking: another process holds the executor lease (${(await second.ready()).self}`);
    const ledger = await ledgerOf(dir);
    expect(ledger.rows.filter((r) => r.kind === 'phase1')).toHaveLength(1);
    expect(ledger.rows.filter((r) => r.status === 'failed' || r.status === 'skipped')).toEqual([]);
    expectOnceEach(ledger, false);
  }, 180_000);
});
