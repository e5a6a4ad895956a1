/**
 * One chopsticks node per test file, as a child process (chopsticks is ESM-first and starts
 * wasm workers; a separate process keeps jest's module system out of it and lets a test kill
 * the node for real).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { READY_PREFIX } from '../../../scripts/chain/node';

const DEV = path.resolve(__dirname, '..', '..', '..', 'scripts', 'chain', 'dev.cjs');

export interface RunningNode {
  url: string;
  child: ChildProcess;
  /** SIGKILL, as a crash would: no goodbye to connected clients. */
  kill(): void;
  stop(): Promise<void>;
}

export function startNode(plainSpec: string, mode: 'Instant' | 'Manual' = 'Instant', timeoutMs = 180_000): Promise<RunningNode> {
  const child = spawn(process.execPath, [DEV, '--spec', plainSpec, '--port', '0', '--mode', mode, '--exit-with-stdin'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: process.env.GOVBRIDGE_TEST_LOGS ? 'info' : 'error' },
  });
  let out = '';
  let errText = '';
  child.stderr?.on('data', (d: Buffer) => {
    errText = (errText + d.toString()).slice(-4000);
    if (process.env.GOVBRIDGE_TEST_LOGS) process.stderr.write(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chopsticks did not start within ${timeoutMs} ms: ${errText}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`chopsticks exited with ${String(code)} before it was ready: ${errText}`));
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (!line) return;
      clearTimeout(timer);
      const { url } = JSON.parse(line.slice(READY_PREFIX.length)) as { url: string };
      resolve({
        url,
        child,
        kill: () => child.kill('SIGKILL'),
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const force = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(force);
          }
          for (const s of [child.stdin, child.stdout, child.stderr]) s?.destroy();
        },
      });
    });
  });
}
