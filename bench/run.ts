/**
 * `npm run bench`: execution quality, chain cost, hub cost and service cost in one run, printed
 * as a table and written to bench/results.json so that runs can be compared. Not a test: it
 * asserts nothing and never runs under `npm test`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from './row';

type Section = { name: string; run: () => Promise<BenchRow[]> | BenchRow[] };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(file: string, fn: string): T => (require(file) as Record<string, T>)[fn]!;

const SECTIONS: Section[] = [
  { name: 'execution quality (pool model)', run: () => load<() => BenchRow[]>('./execution', 'benchExecution')() },
  { name: 'chain cost (real runtime)', run: () => load<() => Promise<BenchRow[]>>('./chain', 'benchChain')() },
  { name: 'hub cost', run: () => load<() => Promise<BenchRow[]>>('./sources', 'benchSources')() },
  { name: 'parser', run: () => load<() => BenchRow[]>('./parse', 'benchParse')() },
  { name: 'parser under hostile bodies', run: () => load<() => Promise<BenchRow[]>>('./parse-hostile', 'benchParseHostile')() },
  { name: 'authenticity', run: () => load<() => Promise<BenchRow[]>>('./authenticity', 'benchAuthenticity')() },
  { name: 'service cost', run: () => load<() => Promise<BenchRow[]>>('./service', 'benchService')() },
  { name: 'store backends', run: () => load<() => Promise<BenchRow[]>>('./store', 'benchStore')() },
  { name: 'failover (executor lease)', run: () => load<() => Promise<BenchRow[]>>('./failover', 'benchFailover')() },
];

function table(rows: BenchRow[]): string {
  const cells = rows.map((r) => [r.name, String(r.value), r.unit, String(r.baseline), String(r.ratio), r.comparedWith ?? '']);
  const head = ['name', 'value', 'unit', 'baseline', 'ratio', 'compared with'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const rows: BenchRow[] = [];
  const started = Date.now();
  for (const s of SECTIONS) {
    if (only.length && !only.some((o) => s.name.includes(o))) continue;
    const t0 = Date.now();
    try {
      const got = await s.run();
      rows.push(...got);
      process.stderr.write(`bench: ${s.name}: ${got.length} figures in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    } catch (e) {
      process.stderr.write(`bench: ${s.name}: SKIPPED — ${(e as Error).message.split('\n')[0]}\n`);
    }
  }
  process.stdout.write(table(rows) + '\n');
  const info = {
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    at: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  if (only.length) {
    // A partial run prints its rows but keeps the last full run's files comparable.
    process.stderr.write('bench: partial run (sections filtered): bench/results.json left as it was\n');
    return;
  }
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(rows, null, 2) + '\n');
  fs.writeFileSync(path.join(__dirname, 'run-info.json'), JSON.stringify(info, null, 2) + '\n');
  process.stderr.write(`bench: wrote bench/results.json (${rows.length} figures, ${info.seconds} s)\n`);
}

void main();
