import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import type { ParseLimits, ParseResult } from '../domain/parse';

/**
 * Parses hub bodies off the event loop, in a worker thread with a time budget and a memory
 * budget (resourceLimits), so that no proposal can stall the service: a body over budget is
 * refused with the reason, the worker is replaced, and /health keeps answering meanwhile.
 * Bodies are parsed one at a time, so the budget is the cost of one body.
 */
export interface ParsePoolOptions {
  timeBudgetMs: number;
  memoryMb: number;
  log: Logger;
}

const STARTUP_MS = 60_000;
/** Under TS sources (tests, the bench) the worker also holds the TypeScript transpiler. */
const fromSources = __filename.endsWith('.ts');
const TRANSPILER_MB = 256;

/**
 * The pool could not parse for a reason that is not the body's (no worker, a worker that died
 * without running out of memory, a closed pool): the caller must try again later, never record
 * a refusal the proposal did not earn.
 */
export class ParserUnavailableError extends Error {
  override name = 'ParserUnavailableError';
}

const refusal = (message: string): ParseResult => ({ ok: false, errors: [{ line: null, text: '', message }], warnings: [] });
/** Refusals made for the time budget, which parse() retries once. */
const overTime = new WeakSet<ParseResult>();

/** A worker over worker.js (built) or worker.ts through a transpile-only require hook (sources). */
function spawn(memoryMb: number): Worker {
  const resourceLimits = {
    maxOldGenerationSizeMb: memoryMb + (fromSources ? TRANSPILER_MB : 0),
    maxYoungGenerationSizeMb: Math.max(8, Math.ceil(memoryMb / 4)),
    stackSizeMb: 4,
  };
  if (!fromSources) return new Worker(path.join(__dirname, 'worker.js'), { resourceLimits });
  const code = `
    const fs = require('node:fs');
    const ts = require(${JSON.stringify(require.resolve('typescript'))});
    require.extensions['.ts'] = (m, file) => {
      const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), { fileName: file, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true } });
      m._compile(out.outputText, file);
    };
    require(${JSON.stringify(path.join(__dirname, 'worker.ts'))});`;
  return new Worker(code, { eval: true, resourceLimits });
}

export class ParsePool {
  private worker: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;
  /** Fails the parses in flight when the pool closes. */
  private readonly inFlight = new Set<(e: Error) => void>();
  private readonly log: Logger;

  constructor(private readonly options: ParsePoolOptions) {
    this.log = options.log.child({ module: 'parse-pool' });
  }

  /**
   * The parser's verdict on a body. A body over the time budget is tried once more on a fresh
   * worker before it is refused, so that a passing stall of the machine (load, a GC pause) does
   * not refuse an honest proposal for good. Rejects with ParserUnavailableError only when the
   * worker itself failed (the poller then offers the proposal again next cycle).
   */
  parse(body: string, limits?: ParseLimits): Promise<ParseResult> {
    const run = this.queue.then(async () => {
      const first = await this.run(body, limits);
      return overTime.has(first) ? this.run(body, limits) : first;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const fail of this.inFlight) fail(new ParserUnavailableError('the parse pool closed while parsing'));
    const w = this.worker ?? (this.starting ? await this.starting.catch(() => null) : null);
    this.worker = null;
    this.starting = null;
    await w?.terminate();
  }

  private ensure(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= new Promise<Worker>((resolve, reject) => {
      const w = spawn(this.options.memoryMb);
      const timer = setTimeout(() => {
        void w.terminate();
        reject(new Error(`the parse worker did not start within ${STARTUP_MS} ms`));
      }, STARTUP_MS);
      w.once('message', () => {
        clearTimeout(timer);
        this.worker = w;
        this.starting = null;
        resolve(w);
      });
      w.once('error', (e) => {
        clearTimeout(timer);
        this.starting = null;
        reject(e);
      });
      w.unref();
    });
    return this.starting;
  }

  /** Drops a worker that timed out or failed; the next body starts a fresh one. */
  private discard(w: Worker): void {
    if (this.worker === w) this.worker = null;
    w.removeAllListeners();
    void w.terminate();
  }

  private async run(body: string, limits: ParseLimits | undefined): Promise<ParseResult> {
    if (this.closed) throw new ParserUnavailableError('the parse pool is closed');
    let w: Worker;
    try {
      w = await this.ensure();
    } catch (e) {
      this.log.error('parse worker failed to start', { error: (e as Error).message });
      throw new ParserUnavailableError(`the parse worker could not start: ${(e as Error).message}`);
    }
    if (this.closed) throw new ParserUnavailableError('the parse pool is closed');
    const id = this.nextId++;
    const { timeBudgetMs, memoryMb } = this.options;
    return new Promise<ParseResult>((resolve, reject) => {
      const done = (result: ParseResult | Error, failed: boolean) => {
        clearTimeout(timer);
        this.inFlight.delete(fail);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (failed) this.discard(w);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const onMessage = (m: { id?: number; result?: ParseResult }) => {
        if (m.id === id && m.result) done(m.result, false);
      };
      const onError = (e: Error & { code?: string }) => {
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          this.log.warn('body refused: parser over its memory budget', { bytes: body.length, memoryMb });
          done(refusal(`the parser exceeded its memory budget of ${memoryMb} MB; the body was not read`), true);
        } else {
          this.log.error('parse worker failed', { bytes: body.length, error: e.message });
          done(new ParserUnavailableError(`the parse worker failed: ${e.message}`), true);
        }
      };
      const onExit = () => done(new ParserUnavailableError('the parse worker stopped unexpectedly'), true);
      const timer = setTimeout(() => {
        this.log.warn('body refused: parser over its time budget', { bytes: body.length, timeBudgetMs });
        const r = refusal(`the parser exceeded its time budget of ${timeBudgetMs} ms; the body was not read`);
        overTime.add(r);
        done(r, true);
      }, timeBudgetMs);
      const fail = (e: Error) => done(e, true);
      this.inFlight.add(fail);
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      w.postMessage({ id, body, limits });
    });
  }
}
