/**
 * A real `govbridge serve` process from dist/ on a shared data dir, for the lease tests: its
 * port from the start line, its /ready role, and the signals a test sends it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
/** The plan the bundled fixtures (the seed proposal, as signed by its author) run. */
export { FIXTURE_ID as SEED_ID } from '../../fixtures/hub/proposals';

export interface Ready {
  ready: boolean;
  role: 'leader' | 'standby';
  leader: string | null;
  self: string;
  checks: Record<string, unknown>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch {
      // not yet (the process may still be starting)
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function serveEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    GOVBRIDGE_PORT: '0',
    GOVBRIDGE_DATA_DIR: dataDir,
    GOVBRIDGE_SOURCE: 'fixtures',
    GOVBRIDGE_LOG_FORMAT: 'json',
    GOVBRIDGE_LEASE_TTL_SECONDS: '3',
    ...extra,
  };
}

export class ServeProcess {
  logs = '';
  port = 0;
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stderr!.on('data', (d: Buffer) => (this.logs += d.toString()));
    child.stdout!.on('data', (d: Buffer) => (this.logs += d.toString()));
    this.exited = new Promise((r) => child.on('exit', (code) => r(code)));
  }

  static async start(dataDir: string, speed: number, extra: Record<string, string> = {}): Promise<ServeProcess> {
    const p = new ServeProcess(spawn(process.execPath, [CLI, 'serve', '--speed', String(speed)], { env: serveEnv(dataDir, extra) }));
    p.port = await waitFor(
      'the start line',
      () => {
        const m =
          /"message":"govbridge started".*?"port":(\d+)/.exec(p.logs) ?? /"port":(\d+).*?"message":"govbridge started"/.exec(p.logs);
        return m ? Number(m[1]) : undefined;
      },
      30_000,
      50,
    );
    // The start line comes as the server listens; the lease and the schedules follow. A process
    // counts as started once /ready says its jobs are scheduled, as a balancer would see it.
    await waitFor('the jobs to be scheduled', async () => ((await p.ready()).checks.jobs === true ? true : undefined), 30_000, 50);
    return p;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async json<T>(route: string): Promise<T> {
    const res = await fetch(`${this.base}${route}`);
    return (await res.json()) as T;
  }

  ready(): Promise<Ready> {
    return this.json<Ready>('/ready');
  }

  signal(s: NodeJS.Signals): void {
    this.child.kill(s);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
