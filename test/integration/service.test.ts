import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { loadConfig } from '../../src/config/load';
import { quietLogger } from '../../src/log';
import { startService } from '../../src/main';
import { tempDir, testEnv } from '../helpers/tmp';

const root = path.resolve(__dirname, '..', '..');

function config(dataDir: string) {
  const r = loadConfig(testEnv({ GOVBRIDGE_DATA_DIR: dataDir }));
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}

describe('service', () => {
  const dir = tempDir();

  it('serves /health and /ready on a free port and stops cleanly', async () => {
    const service = await startService(config(dir), quietLogger());
    const base = `http://127.0.0.1:${service.port}`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    // The only process on its data dir holds the executor lease, and says so, and which backend keeps the store.
    const body = (await ready.json()) as { self: string };
    expect(body).toEqual({
      ready: true,
      checks: { store: true, chain: true, hub: true, tranches: true, jobs: true },
      role: 'leader',
      leader: body.self,
      self: expect.stringMatching(/^.+:\d+:[0-9a-f]{8}$/),
      backend: 'sqlite',
    });
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/no route/);
    // The running service carries the proposers' page and its lint route, as the test app does.
    expect((await fetch(`${base}/propose`)).headers.get('content-type')).toMatch(/text\/html/);
    const lint = await fetch(`${base}/api/lint`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: '# Allocation of 10 TAO\n\n- SN1 – One (100%)\n\nDCA over 2 weeks, purchases daily.\n' }),
    });
    expect(((await lint.json()) as { ok: boolean; plan: { totalRao: string } }).plan.totalRao).toBe('10000000000');
    await service.stop();
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });

  it('reports the hub not ready after a failed poll, with the failing check named', async () => {
    const cfg = { ...config(path.join(dir, 'nohub')) };
    const down = { ...cfg, source: { ...cfg.source, kind: 'snapshot' as const, hubUrl: 'http://127.0.0.1:9/graphql' } };
    const service = await startService(down, quietLogger());
    const base = `http://127.0.0.1:${service.port}`;
    let body: unknown = null;
    for (let i = 0; i < 100; i++) {
      const r = await fetch(`${base}/ready`);
      if (r.status === 503) {
        body = await r.json();
        break;
      }
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(body).toMatchObject({
      ready: false,
      checks: { store: true, chain: true, hub: false, tranches: true, jobs: true },
      role: 'leader',
    });
    expect((await fetch(`${base}/health`)).status).toBe(200);
    await service.stop();
  });

  it('reports a port in use as a clear error', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '0.0.0.0', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const cfg = { ...config(path.join(dir, 'busy')), port };
    await expect(startService(cfg, quietLogger())).rejects.toThrow(`port ${port} is already in use`);
    blocker.close();
  });

  it('runs as a process from dist/, answers /health, and exits 0 on SIGTERM with a final log line', async () => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'serve'], {
      env: {
        PATH: process.env.PATH,
        GOVBRIDGE_PORT: '0',
        GOVBRIDGE_DATA_DIR: path.join(dir, 'proc'),
        GOVBRIDGE_SOURCE: 'fixtures',
        GOVBRIDGE_LOG_FORMAT: 'json',
      },
    });
    let logs = '';
    child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line in 20 s: ${logs}`)), 20000);
      child.stderr.on('data', () => {
        const m = /"message":"govbridge started".*?"port":(\d+)/.exec(logs) ?? /"port":(\d+).*?"message":"govbridge started"/.exec(logs);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    const last = logs.trim().split('\n').pop()!;
    expect(JSON.parse(last)).toMatchObject({ message: 'govbridge stopped', module: 'main' });
  });
});
