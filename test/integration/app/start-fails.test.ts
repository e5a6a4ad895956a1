/**
 * A start that fails closes what it opened: with the HTTP port taken, `startService` and the
 * `serve` process end with the reason, the store is closed (SQLite removed its WAL file, which it
 * does when the last connection closes) and no executor lease is left behind.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { loadConfig } from '../../../src/config/load';
import { quietLogger } from '../../../src/log';
import { startService } from '../../../src/main';
import { openDb } from '../../../src/store/db';
import { KvStore } from '../../../src/store/kv';
import { LeaseStore } from '../../../src/store/lease';
import { tempDir, testEnv } from '../../helpers/tmp';

const root = path.resolve(__dirname, '..', '..', '..');
const dir = tempDir();

async function takenPort(): Promise<{ port: number; release: () => void }> {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '0.0.0.0', r));
  return { port: (blocker.address() as net.AddressInfo).port, release: () => blocker.close() };
}

/** The store after the failed start: closed, writable again, and with no lease held. */
async function expectClosedAndFree(dataDir: string): Promise<void> {
  const file = path.join(dataDir, 'govbridge.sqlite');
  expect(fs.existsSync(file)).toBe(true);
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
  const db = await openDb(file);
  try {
    await new KvStore(db).set('probe', 'written after the failed start', new Date());
    expect(await new KvStore(db).get('probe')).toBe('written after the failed start');
    expect(await new LeaseStore(db).current()).toBeUndefined();
  } finally {
    await db.close();
  }
}

describe('a start that fails', () => {
  it('startService with the port taken throws the reason and leaves the store closed', async () => {
    const { port, release } = await takenPort();
    try {
      const dataDir = path.join(dir, 'in-process');
      const cfg = loadConfig(testEnv({ GOVBRIDGE_DATA_DIR: dataDir, GOVBRIDGE_PORT: String(port) }));
      if (!cfg.ok) throw new Error(cfg.errors.join('; '));
      await expect(startService(cfg.value, quietLogger())).rejects.toThrow(`port ${port} is already in use`);
      await expectClosedAndFree(dataDir);
    } finally {
      release();
    }
  });

  it('`serve` with the port taken exits 1 on its own, saying why, with the store closed', async () => {
    const { port, release } = await takenPort();
    const dataDir = path.join(dir, 'process');
    try {
      const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'serve'], {
        env: { PATH: process.env.PATH, GOVBRIDGE_PORT: String(port), GOVBRIDGE_DATA_DIR: dataDir, GOVBRIDGE_SOURCE: 'fixtures' },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Nothing opened may keep the process alive: it ends by itself, well before this timer.
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(null);
        }, 20_000);
        child.on('exit', (c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      expect(code).toBe(1);
      expect(stderr).toContain(`govbridge: serve: could not start: port ${port} is already in use`);
      await expectClosedAndFree(dataDir);
    } finally {
      release();
    }
  }, 30_000);
});
