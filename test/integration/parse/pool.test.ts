import fs from 'node:fs';
import path from 'node:path';
import { parseProposal } from '../../../src/domain/parse';
import { quietLogger } from '../../../src/log';
import { ParsePool, ParserUnavailableError } from '../../../src/parse-worker/pool';
import { hostileBodies } from '../../fixtures/proposals/hostile/heavy';

/**
 * The parse pool runs the real parser in a real worker thread (from the TS sources here; the
 * service test runs it from dist/): same results as the pure parser, refusal over budget, a
 * fresh worker after a refusal, and an event loop that keeps turning while a body is parsed.
 */
const seed = fs.readFileSync(path.join(__dirname, '../../fixtures/roko-proposal-39-goverland-page.txt'), 'utf8');

describe('parse pool (worker thread)', () => {
  const pools: ParsePool[] = [];
  const pool = (timeBudgetMs: number) => {
    const p = new ParsePool({ timeBudgetMs, memoryMb: 128, log: quietLogger() });
    pools.push(p);
    return p;
  };
  afterAll(() => Promise.all(pools.map((p) => p.close())));

  it('gives exactly what the pure parser gives, bigint amounts included', async () => {
    const p = pool(20_000);
    expect(await p.parse(seed)).toEqual(parseProposal(seed));
    const limits = { maxTotalRao: 100n * 10n ** 9n, maxAllocations: 64 };
    const limited = await p.parse(seed, limits);
    expect(limited).toEqual(parseProposal(seed, limits));
    expect(limited.ok).toBe(false);
  }, 60_000);

  it('refuses a body over the time budget with the reason, then starts a fresh worker', async () => {
    const p = pool(1);
    const body = hostileBodies()[0]!.body;
    for (let i = 0; i < 2; i++) {
      const r = await p.parse(body);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.errors.map((e) => e.message)).toEqual(['the parser exceeded its time budget of 1 ms; the body was not read']);
    }
  }, 120_000);

  it('fails a parse in flight with ParserUnavailableError when the pool closes, so the proposal is offered again', async () => {
    const p = pool(20_000);
    await p.parse('warm up');
    const pending = p.parse(hostileBodies()[1]!.body);
    await new Promise((r) => setTimeout(r, 20));
    await p.close();
    await expect(pending).rejects.toBeInstanceOf(ParserUnavailableError);
    await expect(p.parse('after close')).rejects.toThrow('the parse pool is closed');
  }, 60_000);

  it('keeps the event loop turning while hostile bodies are parsed', async () => {
    const p = pool(20_000);
    await p.parse('warm up');
    let worst = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 5);
    for (const h of hostileBodies()) {
      const r = await p.parse(h.body);
      expect(!r.ok && r.errors.map((e) => e.message).join('\n')).toMatch(h.refusal);
    }
    clearInterval(timer);
    // A generous bound: parsing on the main thread stalls it for the whole parse instead.
    expect(worst).toBeLessThan(250);
  }, 120_000);
});

describe('parse pool from dist/ (built JS, as the service runs it)', () => {
  it('starts dist/parse-worker/worker.js and parses the seed exactly as the sources do', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const built = require(path.join(__dirname, '../../../dist/parse-worker/pool.js')) as { ParsePool: typeof ParsePool };
    const p = new built.ParsePool({ timeBudgetMs: 20_000, memoryMb: 64, log: quietLogger() });
    try {
      expect(await p.parse(seed)).toEqual(parseProposal(seed));
    } finally {
      await p.close();
    }
  }, 60_000);
});
