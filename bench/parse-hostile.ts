import { parseProposal } from '../src/domain/parse';
import { quietLogger } from '../src/log';
import { ParsePool } from '../src/parse-worker/pool';
import { hostileBodies } from '../test/fixtures/proposals/hostile/heavy';
import { row, type BenchRow } from './row';

/**
 * The hostile bodies of the parser's hostile corpus at the size limit: how fast each is refused (the 53k-key block
 * took 25 s before the block bounds), and how long the event loop stalls while the parse pool
 * reads them all in its worker (what /health would wait), against the 100 ms /health target.
 */
function medianMs(body: string, runs: number): number {
  parseProposal(body);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    parseProposal(body);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function worstLoopGapMs(): Promise<number> {
  const pool = new ParsePool({ timeBudgetMs: 30_000, memoryMb: 128, log: quietLogger() });
  await pool.parse('warm up');
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  for (const h of hostileBodies()) await pool.parse(h.body);
  clearInterval(timer);
  await pool.close();
  return Math.max(0, worst);
}

export async function benchParseHostile(): Promise<BenchRow[]> {
  const bodies = hostileBodies();
  const yaml = bodies.find((b) => b.name.startsWith('53k'))!;
  const times = bodies.map((b) => medianMs(b.body, 5));
  return [
    row('parse.yaml53k.refused', medianMs(yaml.body, 5), 'ms', 1000, 'the 1 s target (25 s before the block bounds)'),
    row(
      'parse.hostile-corpus.worst-median',
      Math.max(...times),
      'ms',
      1000,
      `the 1 s target (worst of ${bodies.length} hostile 256 KiB bodies)`,
    ),
    row(
      'parse.pool.event-loop-stall.worst',
      await worstLoopGapMs(),
      'ms',
      100,
      'the 100 ms /health target while the pool parses every hostile body',
    ),
  ];
}
