import type { Config } from '../config/schema';
import type { Logger } from '../log';
import type { Db } from '../store/db';
import type { PlanStore } from '../store/plans';
import type { AuditLog } from '../store/audit';
import type { Ledger } from '../store/ledger';
import { NotifyingLedger } from './notifying-ledger';
import { ProposalStore } from '../store/proposals';
import { AuthenticityStore } from '../store/authenticity';
import type { Governance } from '../governance/governance';
import { buildGovernance } from './governance';
import { LifecycleExecutorPlans } from './executor-plans';
import { OpsRequests } from '../ops/ops-requests';
import { createSource, Poller } from '../sources';
import { Executor, hotkeyResolver } from '../executor';
import { WebhookNotifier } from '../notify/webhooks';
import { Metrics } from '../http/metrics';
import { StoreReadModel } from './read-model';
import { createChain } from './chain';
import type { ChainPort } from '../chain/port';
import { StoreHealth } from '../store/health';
import { SourceHealth } from '../sources/health';
import { DryRunChain } from '../chain/sim';
import { decodeWorld, encodeWorld } from '../chain/sim/world';
import { KvStore } from '../store/kv';
import { LeaseStore } from '../store/lease';
import { WorldStore } from '../store/world';
import { Leadership } from '../jobs/leadership';
import { persistedClock } from '../jobs/clock';
import { fixturesDemoStart } from '../sources/fixtures';
import { ParsePool } from '../parse-worker/pool';
import type { ParseResult } from '../domain/parse';

export interface Components {
  db: Db;
  plans: PlanStore;
  audit: AuditLog;
  ledger: Ledger;
  proposals: ProposalStore;
  governance: Governance;
  ops: OpsRequests;
  poller: Poller;
  executor: Executor;
  chain: ChainPort;
  notifier: WebhookNotifier;
  metrics: Metrics;
  read: StoreReadModel;
  /** File identity and probe write of the store: what `/ready` and the job guard check. */
  storeHealth: StoreHealth;
  /** Outcome of the latest request to each proposal source: what `/ready` reports as `hub`. */
  sourceHealth: SourceHealth;
  /** The executor lease: only its holder polls and ticks (see Leadership). */
  leadership: Leadership;
  /** The service clock: the demo's stored virtual clock on a dry-run chain, else the wall clock. */
  clock: () => Date;
  /**
   * Saves the dry-run world now (after a tick); a no-op on a live chain. Saves are written one
   * after another in the order asked; it resolves once this one is written.
   */
  saveWorld(): Promise<void>;
  /** Parses a body in the worker with the policy's limits: what the poller and POST /api/lint use. */
  parse: (body: string) => Promise<ParseResult>;
  /** Closes what the components opened (parse pool, notifier, chain); the store stays open for its opener. */
  close(): Promise<void>;
}

/**
 * The dry-run demo's clock lives in the store, so restarts and takeovers share one timeline. On
 * the bundled records it starts just after their vote ended, so the seed is not stale. The
 * anchor is read (and written when new) here, once; the clock returned never touches the store.
 */
export async function serviceClock(config: Config, kv: KvStore): Promise<() => Date> {
  if (config.chain.kind !== 'dry-run') return () => new Date();
  const origin = config.source.kind === 'fixtures' ? (fixturesDemoStart() ?? undefined) : undefined;
  return persistedClock(kv, config.executor.speed, Date.now, origin);
}

/**
 * Builds the object graph from the validated config over a store already open (SQLite or
 * PostgreSQL): the stores, the governance engine, the poller feeding it, the chain (dry-run
 * unless configured), and the executor over the lifecycle. The composition root (src/app) opens
 * the store and calls this for the service and `run --once`; the store is its to close.
 */
export async function buildComponents(
  config: Config,
  db: Db,
  log: Logger,
  clockIn?: () => Date,
  over: { chain?: (built: ChainPort) => ChainPort } = {},
): Promise<Components> {
  const kv = new KvStore(db);
  const clock = clockIn ?? (await serviceClock(config, kv));
  // Every ledger and world write carries the lease's fencing token; the store refuses stale ones.
  let takeOver = async (_token: number): Promise<void> => {};
  const leadership = new Leadership({
    lease: new LeaseStore(db),
    ttlMs: config.lease.ttlSeconds * 1000,
    log,
    onAcquire: (t) => takeOver(t),
  });
  const notifier = new WebhookNotifier(config.notifications.webhooks, log);
  const { plans, audit, governance, authenticity } = buildGovernance(config, db, log, (n) => notifier.notify(n));
  const parsePool = new ParsePool({ ...config.parser, log });
  const ledger: Ledger = new NotifyingLedger(db, (n) => notifier.notify(n), leadership.fence);
  const proposals = new ProposalStore(db);
  const read = new StoreReadModel({ plans, ledger, audit, proposals, authenticity: new AuthenticityStore(db) });
  const metrics = new Metrics(read, {
    defaultMetrics: true,
    lease: () => leadership.view(),
    duplicatesRefused: () => ledger.duplicatesRefused,
  });
  const storeLog = log.child({ module: 'store' });
  const storeHealth = new StoreHealth(db, (s, via) => {
    metrics.storeHealthy(s.ok);
    if (s.ok) storeLog.info('store healthy again');
    else {
      // Errors the jobs met are counted where they are met; a failed check is counted here.
      if (via === 'check') metrics.storeError(s.problem ?? 'other');
      storeLog.error('ALERT: the store is not healthy; the executor and the poll stop until it is', {
        alert: true,
        problem: s.problem,
        error: s.message,
        // The location, never the configured URL: it carries no password.
        store: db.location,
      });
    }
  });
  const sourceHealth = new SourceHealth();
  const ops = new OpsRequests({ plans, governance, audit, policy: config.ops, log, clock });
  const poller = new Poller({
    source: createSource(config, log, { health: sourceHealth }),
    store: proposals,
    log,
    space: config.space,
    // Bodies are parsed in a worker thread with a time and memory budget, never on the event loop.
    onProposal: async (record) =>
      authenticity.decide(
        record,
        clock(),
        (await governance.isDecided(record.id)) ? undefined : await parsePool.parse(record.body, governance.parseLimits),
      ),
    afterCycle: (now) => authenticity.retryPending(now),
  });
  const built = await createChain(config, log, clock);
  // Tests wrap the configured chain (e.g. one that refuses every tranche); the service never does.
  const chain = over.chain ? over.chain(built) : built;
  let treasury: string;
  try {
    treasury = treasuryOf(config, chain);
  } catch (e) {
    // The chain's connection is open already: a start that fails here must not leave it open.
    await chain.close();
    throw e;
  }
  const executor = new Executor({
    chain,
    ledger,
    plans: new LifecycleExecutorPlans(plans, governance, (id) => authenticity.blocker(id)),
    log,
    settings: config.executor,
    treasury,
    hotkeyFor: hotkeyResolver(config.chain.hotkeys, config.chain.kind),
  });
  const world = new WorldStore(db, leadership.fence);
  const sim = chain instanceof DryRunChain ? chain : null;
  // Each save takes the world as it is when asked and waits for the one before it, so an
  // earlier snapshot can never land after a later one.
  let saving: Promise<void> = Promise.resolve();
  const saveWorld = (): Promise<void> => {
    if (!sim) return Promise.resolve();
    const json = encodeWorld(sim.snapshot());
    const at = clock();
    const next = saving.then(() => world.save(json, at));
    saving = next.catch(() => undefined);
    return next;
  };
  const worldLog = log.child({ module: 'dry-run' });
  // The chain tells of every change synchronously; its save is not waited for, only logged when it fails.
  if (sim)
    sim.onChange = () => {
      saveWorld().catch((e: unknown) => worldLog.warn('dry-run world not saved', { error: (e as Error).message }));
    };
  const chainLog = log.child({ module: 'lease' });
  // On taking the lease: continue the world the previous leader left, then settle what it
  // left unsettled, before this process sends anything.
  takeOver = async () => {
    const saved = sim ? await world.load() : undefined;
    if (sim) {
      if (saved) sim.restore(decodeWorld(saved));
      else await saveWorld();
    }
    const rec = await executor.reconcileAtStart(clock());
    chainLog.info('took over: ledger reconciled', {
      ...rec,
      world: sim ? (saved ? 'restored from the store' : 'new, saved to the store') : 'live chain',
    });
  };
  const close = async (): Promise<void> => {
    // A summary that cannot be written must not keep the store open.
    await ops.refusals.close().catch((e: unknown) => log.warn('refusal summary not written at shutdown', { error: (e as Error).message }));
    await parsePool.close();
    notifier.stop();
    await chain.close();
    // Saves still queued land before the store closes.
    await saving;
  };
  return {
    db,
    plans,
    audit,
    ledger,
    proposals,
    governance,
    ops,
    poller,
    executor,
    chain,
    notifier,
    metrics,
    read,
    storeHealth,
    sourceHealth,
    leadership,
    clock,
    saveWorld,
    parse: (body) => parsePool.parse(body, governance.parseLimits),
    close,
  };
}

function treasuryOf(config: Config, chain: ChainPort): string {
  const configured = config.chain.authority.treasury;
  if (configured) return configured;
  if ('treasury' in chain && typeof chain.treasury === 'string') return chain.treasury;
  throw new Error('chain.authority.treasury is not configured (GOVBRIDGE_TREASURY)');
}
