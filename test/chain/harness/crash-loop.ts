/**
 * Drives an executor process through a plan on a Manual-mode dev chain, tick by tick in
 * time-travelled chain time, and SIGKILLs it at random points between signing and inclusion:
 *
 * - `signed`: right after the ledger row is `submitting` and the tx is signed (it may or may
 *   not have reached the node's pool — the restarted process must not know and must not care);
 * - `pooled`: the tx waits in the pool, no block holds it yet;
 * - `building`: the block that includes it is being built while the process dies.
 *
 * The process is restarted over the same SQLite file and asked for the same tick again; blocks
 * are made only when it reports a transaction still pending, so a tx that never reached the
 * pool is settled by its mortal era running out, and one in the pool by the next block.
 */
import type { Ledger, LedgerRow } from '../../../src/store/ledger';
import type { DevChain } from './dev-chain';
import { ExecutorProcess, type ChildEvent } from './executor-process';

export type KillPoint = 'signed' | 'pooled' | 'building';
const POINTS: KillPoint[] = ['signed', 'pooled', 'building'];

export interface CrashRun {
  dev: DevChain;
  ledger: Ledger;
  env: Record<string, string>;
  args: string[];
  /** The first tick; the next ones follow at `cadenceMs`. */
  start: Date;
  cadenceMs: number;
  maxTicks: number;
  done: () => Promise<boolean>;
  /** Kills before inclusion to reach; until then every send is killed, after it one in two. */
  minKills: number;
  rng: () => number;
}

export interface CrashFigures {
  ticks: number;
  sends: number;
  /** SIGKILLs, by point; `beforeInclusion` counts those whose tx was in no block when it died. */
  kills: Record<KillPoint, number>;
  beforeInclusion: number;
  /** Rows the killed process left `submitting` or `in-block`, as they were right after the kill. */
  leftUnsettled: LedgerRow[];
  /** Milliseconds spent starting executor processes (the first start and every restart). */
  startMs: number;
  blocksForPending: number;
  errors: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until the node's pool holds the tx; false after `timeoutMs` (it may have been refused). */
async function pooled(dev: DevChain, txHash: string, timeoutMs = 5_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const pending = await dev.api.rpc.author.pendingExtrinsics();
    if (pending.some((x) => x.hash.toHex() === txHash)) return true;
    await sleep(15);
  }
  return false;
}

export async function runWithCrashes(o: CrashRun): Promise<CrashFigures> {
  const f: CrashFigures = {
    ticks: 0,
    sends: 0,
    kills: { signed: 0, pooled: 0, building: 0 },
    beforeInclusion: 0,
    leftUnsettled: [],
    startMs: 0,
    blocksForPending: 0,
    errors: [],
  };
  const start = async (): Promise<ExecutorProcess> => {
    const t0 = Date.now();
    const p = await ExecutorProcess.start(o.env, o.args);
    f.startMs += Date.now() - t0;
    return p;
  };
  let proc = await start();
  try {
    for (let k = 0; !(await o.done()) && k < o.maxTicks; k++, f.ticks++) {
      const now = new Date(o.start.getTime() + k * o.cadenceMs);
      await o.dev.timeTravel(now);
      let ev: ChildEvent = await proc.tick(now);
      for (let guard = 0; ; guard++) {
        if (guard > 100) throw new Error(`tick ${now.toISOString()} did not settle after ${guard} rounds`);
        if (ev.kind === 'report') {
          f.errors.push(...ev.report.problems.map((p) => p.message));
          if (ev.report.pending > 0) {
            await o.dev.newBlock();
            f.blocksForPending++;
          } else if (ev.report.sent === 0) break;
          ev = await proc.tick(now);
          continue;
        }
        f.sends++;
        if (f.beforeInclusion >= o.minKills && o.rng() < 0.5) {
          await pooled(o.dev, ev.txHash);
          await o.dev.newBlock();
          ev = await proc.next();
          continue;
        }
        const point = POINTS[Math.floor(o.rng() * POINTS.length)]!;
        let included = false;
        if (point === 'signed') {
          await sleep(o.rng() * 5);
          await proc.kill();
        } else if (point === 'pooled') {
          await pooled(o.dev, ev.txHash);
          await sleep(o.rng() * 50);
          await proc.kill();
        } else {
          await pooled(o.dev, ev.txHash);
          const block = o.dev.newBlock().then(() => (included = true));
          await sleep(o.rng() * 600);
          const diedBeforeBlock = !included;
          await proc.kill();
          await block;
          included = !diedBeforeBlock;
        }
        f.kills[point]++;
        if (!included) f.beforeInclusion++;
        f.leftUnsettled.push(...(await o.ledger.unsettled()));
        proc = await start();
        ev = await proc.tick(now);
      }
    }
  } finally {
    await proc.stop();
  }
  return f;
}
