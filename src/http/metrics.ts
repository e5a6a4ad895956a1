import { Router, type RequestHandler } from 'express';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { asyncRoute } from './errors';
import type { ReadModel, TrancheView } from './ports';
import { deployedOf } from './progress';
import { refusalsByCode } from './trouble';
import type { LeaderView } from '../jobs/leadership';

/** Every plan's ledger rows, plan by plan. */
async function allTranches(read: ReadModel): Promise<TrancheView[]> {
  const out: TrancheView[] = [];
  for (const p of await read.plans()) out.push(...(await read.tranches(p.id)));
  return out;
}

/**
 * Prometheus metrics on a registry of our own (never the global one, so tests and two apps in
 * one process do not collide). Event counters and timestamps are pushed by the jobs through
 * the methods below; plan and ledger gauges are read from the ReadModel at scrape time (each
 * gauge reads before it resets, so a scrape never sees it half filled).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly lastPoll: Gauge;
  private readonly lastTick: Gauge;
  private readonly hubErrors: Counter<'kind'>;
  private readonly chainErrors: Counter<'kind'>;
  private readonly storeErrors: Counter<'kind'>;
  private readonly storeUp: Gauge;

  constructor(read: ReadModel, opts: { defaultMetrics?: boolean; lease?: () => LeaderView; duplicatesRefused?: () => number } = {}) {
    const registers = [this.registry];
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'govbridge_' });
    this.lastPoll = new Gauge({
      name: 'govbridge_last_poll_success_timestamp_seconds',
      help: 'Unix time of the last successful hub poll',
      registers,
    });
    this.lastTick = new Gauge({
      name: 'govbridge_last_tick_success_timestamp_seconds',
      help: 'Unix time of the last successful executor tick',
      registers,
    });
    this.hubErrors = new Counter({
      name: 'govbridge_hub_errors_total',
      help: 'Errors talking to the governance hub, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.chainErrors = new Counter({
      name: 'govbridge_chain_errors_total',
      help: 'Chain errors, by kind (ChainErrorKind or its name)',
      labelNames: ['kind'],
      registers,
    });
    this.storeErrors = new Counter({
      name: 'govbridge_store_errors_total',
      help: 'Store errors met by the jobs or the health check, by problem (disk-full, file-deleted, ...)',
      labelNames: ['kind'],
      registers,
    });
    this.storeUp = new Gauge({
      name: 'govbridge_store_healthy',
      help: '1 while the store passes its health check (file identity and a probe write), 0 otherwise: alert on 0',
      registers,
    });
    this.storeUp.set(1);
    const lease = opts.lease;
    if (lease) {
      new Gauge({
        name: 'govbridge_leader',
        help: 'Executor lease: 1 when this process leads (polls and ticks), 0 when it stands by; labelled with the role and the holder that leads',
        labelNames: ['role', 'holder', 'self'],
        registers,
        collect() {
          this.reset();
          const v = lease();
          this.set({ role: v.role, holder: v.leader ?? 'none', self: v.self }, v.role === 'leader' ? 1 : 0);
        },
      });
    }
    const duplicates = opts.duplicatesRefused;
    if (duplicates) {
      new Gauge({
        name: 'govbridge_duplicate_submissions_refused_total',
        help: 'Second live ledger rows for one tranche refused by the store (never sent), since this process started',
        registers,
        collect() {
          this.set(duplicates());
        },
      });
    }
    new Gauge({
      name: 'govbridge_plans',
      help: 'Plans by lifecycle state',
      labelNames: ['state'],
      registers,
      async collect() {
        const plans = await read.plans();
        this.reset();
        for (const p of plans) this.inc({ state: p.state });
      },
    });
    new Gauge({
      name: 'govbridge_tranches',
      help: 'Ledger tranches by state, all plans',
      labelNames: ['state'],
      registers,
      async collect() {
        const all = await allTranches(read);
        this.reset();
        for (const t of all) this.inc({ state: t.state });
      },
    });
    new Gauge({
      name: 'govbridge_deployed_rao',
      help: 'TAO deployed (finalized tranches) per subnet, in RAO (1 TAO = 1e9 RAO), all plans',
      labelNames: ['netuid'],
      registers,
      async collect() {
        const all = await allTranches(read);
        this.reset();
        const sums = new Map<number, bigint>();
        for (const t of all) if (t.state === 'finalized') sums.set(t.netuid, (sums.get(t.netuid) ?? 0n) + deployedOf(t));
        // A gauge is a float64: exact up to 2^53 RAO (about 9 million TAO).
        for (const [netuid, rao] of sums) this.set({ netuid: String(netuid) }, Number(rao));
      },
    });
    this.refusalGauge(read, registers);
  }

  private refusalGauge(read: ReadModel, registers: Registry[]): void {
    new Gauge({
      name: 'govbridge_chain_refusals',
      help: 'Tranches the chain refused (failed or skipped ledger rows), by reason code, all plans',
      labelNames: ['kind'],
      registers,
      async collect() {
        const all = await allTranches(read);
        this.reset();
        for (const [kind, n] of refusalsByCode(all)) this.set({ kind }, n);
      },
    });
  }

  pollSucceeded(now: Date): void {
    this.lastPoll.set(now.getTime() / 1000);
  }

  tickSucceeded(now: Date): void {
    this.lastTick.set(now.getTime() / 1000);
  }

  hubError(kind: string): void {
    this.hubErrors.inc({ kind });
  }

  chainError(kind: string): void {
    this.chainErrors.inc({ kind });
  }

  storeError(kind: string): void {
    this.storeErrors.inc({ kind });
  }

  storeHealthy(ok: boolean): void {
    this.storeUp.set(ok ? 1 : 0);
  }

  /** Text exposition of every metric, read fresh. */
  collect(): Promise<string> {
    return this.registry.metrics();
  }

  /** GET /metrics. */
  handler(): RequestHandler {
    return asyncRoute(async (_req, res) => {
      const text = await this.collect();
      res.type(this.registry.contentType).send(text);
    });
  }

  /**
   * Serves GET /metrics whether the router is mounted at the root or at /metrics; at the root
   * its '/' route steps aside so the dashboard keeps '/'.
   */
  router(): Router {
    const r = Router();
    const handler = this.handler();
    r.get('/metrics', handler);
    r.get('/', (req, res, next) => (req.baseUrl.endsWith('/metrics') ? handler(req, res, next) : next()));
    return r;
  }
}
