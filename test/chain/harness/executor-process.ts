/**
 * The test's side of executor-child.ts: starts the executor process, asks it for ticks, reads
 * what it says (a `sending` log line, a tick report) and SIGKILLs it like a crash would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TickReport } from '../../../src/executor/report';

export const REPORT_PREFIX = 'TICK_REPORT ';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CHILD = path.join(__dirname, 'executor-child.ts');

export type ChildEvent = { kind: 'sending'; txHash: string; nonce: number } | { kind: 'report'; report: TickReport };

/**
 * The child runs the compiled service code in dist/ (a process that loads src/ through the
 * transpiler takes seconds longer to start, and it is restarted dozens of times). A dist/ older
 * than src/ would test stale code: this names the first stale file instead.
 */
export function staleDist(dir = path.join(ROOT, 'src')): string | null {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) {
      const stale = staleDist(file);
      if (stale) return stale;
    } else if (e.name.endsWith('.ts')) {
      const out = path.join(ROOT, 'dist', path.relative(path.join(ROOT, 'src'), file)).replace(/\.ts$/, '.js');
      if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(file).mtimeMs) return path.relative(ROOT, file);
    }
  }
  return null;
}

export class ExecutorProcess {
  private readonly events: ChildEvent[] = [];
  private waiter: { resolve: (e: ChildEvent) => void; reject: (e: Error) => void } | null = null;
  private stderr = '';
  private buffer = '';
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => this.onData(d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.waiter?.reject(new Error(`executor process exited (${signal ?? code}) while awaited: ${this.stderr}`));
        this.waiter = null;
        resolve();
      }),
    );
  }

  /** Starts the process and waits until it is connected and ready for ticks. */
  static async start(env: Record<string, string>, args: string[] = []): Promise<ExecutorProcess> {
    const child = spawn(process.execPath, ['-r', path.join(ROOT, 'scripts', 'chain', 'ts-hook.cjs'), CHILD, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const p = new ExecutorProcess(child);
    const first = await p.next();
    if (first.kind !== 'report' || !(first.report as unknown as { ready?: boolean }).ready)
      throw new Error('executor process did not say it was ready');
    return p;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  private onData(text: string): void {
    this.buffer += text;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      const event = parseLine(line);
      if (event) this.push(event);
    }
  }

  private push(e: ChildEvent): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve(e);
    } else this.events.push(e);
  }

  /** The next thing the process said: a tx being sent, or the end of a tick. */
  next(): Promise<ChildEvent> {
    const e = this.events.shift();
    if (e) return Promise.resolve(e);
    if (this.child.exitCode !== null || this.child.signalCode !== null)
      return Promise.reject(new Error(`executor process is gone: ${this.stderr}`));
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** Starts one `runOnce(now)` in the process; read its events with `next()`. */
  tick(now: Date): Promise<ChildEvent> {
    this.child.stdin!.write(JSON.stringify({ now: now.toISOString() }) + '\n');
    return this.next();
  }

  /** SIGKILL: no handler runs, nothing is flushed; resolves once the process is gone. */
  async kill(): Promise<void> {
    this.waiter = null;
    this.child.kill('SIGKILL');
    await this.exited;
    this.release();
  }

  /** A clean stop: stdin closes, the process finishes its tick and disconnects. */
  async stop(): Promise<void> {
    this.waiter = null;
    this.child.stdin!.end();
    const force = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(force);
    this.release();
  }

  /** The pipes outlive the process unless closed, and would keep jest waiting. */
  private release(): void {
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) s?.destroy();
  }
}

function parseLine(line: string): ChildEvent | null {
  if (line.startsWith(REPORT_PREFIX)) return { kind: 'report', report: JSON.parse(line.slice(REPORT_PREFIX.length)) as TickReport };
  if (!line.startsWith('{')) return null;
  try {
    const log = JSON.parse(line) as { message?: string; txHash?: string; nonce?: number };
    return log.message === 'sending' && log.txHash ? { kind: 'sending', txHash: log.txHash, nonce: log.nonce ?? -1 } : null;
  } catch {
    return null;
  }
}
