import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/load';
import { quietLogger } from '../src/log';
import { createSource } from '../src/sources';
import { Poller } from '../src/sources/poller';
import { openDb } from '../src/store/db';
import { ProposalStore } from '../src/store/proposals';
import { hubData } from '../test/fixtures/hub/proposals';
import { LoopbackHub } from '../test/fixtures/hub/server';
import { row, type BenchRow } from './row';

/**
 * Ingests 10,000 proposals (plus the seed) from scratch from a loopback GraphQL hub into a fresh
 * SQLite file with the hub's largest page (1,000), then runs one idle cycle. Baselines: the
 * fewest requests the hub allows (⌈10,001 / 1,000⌉ = 11), goal 1 request per idle cycle, and a
 * 10-second budget for the ingest (the hub's free tier alone would allow 100 requests a minute).
 */
export async function benchSources(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govbridge-bench-sources-'));
  const hub = await new LoopbackHub(hubData(10_000)).start();
  const db = await openDb(path.join(dir, 'bench.sqlite'));
  try {
    const loaded = loadConfig({ NODE_ENV: 'test', GOVBRIDGE_DATA_DIR: dir });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const config = {
      ...loaded.value,
      source: {
        ...loaded.value.source,
        kind: 'snapshot' as const,
        hubUrl: hub.url,
        pageSize: 1000,
        maxRequestsPerMinute: 100,
        timeoutMs: 15_000,
      },
    };
    const log = quietLogger();
    const poller = new Poller({ source: createSource(config, log), store: new ProposalStore(db), log, space: config.space });
    const started = process.hrtime.bigint();
    const ingest = await poller.runOnce(new Date());
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (ingest.error || ingest.processed.length !== 10_001)
      throw new Error(`ingest incomplete: ${ingest.processed.length} (${ingest.error ?? 'no error'})`);
    const idle = await poller.runOnce(new Date());
    return [
      row('sources: requests per idle poll cycle', idle.requests, 'requests', 1, 'the goal: one request when nothing is new'),
      row(
        'sources: requests to ingest 10,000 proposals',
        ingest.requests,
        'requests',
        11,
        'the fewest the hub allows: ⌈10,001 / 1,000⌉ pages',
      ),
      row('sources: time to ingest 10,000 proposals', ms, 'ms', 10_000, 'a 10 s budget (the free tier alone allows 100 requests a minute)'),
    ];
  } finally {
    await db.close();
    await hub.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchSources().then((rows) => console.log(JSON.stringify(rows, null, 2)));
}
