/**
 * What `govbridge poll --once` runs: one poll cycle against the configured store. Unless a hook
 * is given, every final record goes to the governance engine, exactly as the service does: a
 * proposal handed on here is decided here, never skipped by the service later.
 */
import type { Config } from '../config/schema';
import type { Logger } from '../log';
import type { Db } from '../store/db';
import { createSource } from '../sources';
import { Poller, type OnProposal } from '../sources/poller';
import { buildGovernance } from '../wiring/governance';
import { serviceClock } from '../wiring/components';
import { WebhookNotifier } from '../notify/webhooks';
import { ProposalStore } from '../store/proposals';
import { KvStore } from '../store/kv';
import type { Closer } from './closer';

export interface PollParts {
  db: Db;
  poller: Poller;
  /** The time of the cycle: the one given, else the service's (a dry-run demo's virtual clock). */
  now: Date;
}

export interface PollOverrides {
  at?: Date | null;
  /** Receives each final record instead of the governance engine (a dry look at the hub). */
  onProposal?: OnProposal;
}

/** How long announcements of decisions made by hand may hold the command at its end. */
const DRAIN_MS = 10_000;

export async function pollParts(config: Config, db: Db, log: Logger, closing: Closer, over: PollOverrides = {}): Promise<PollParts> {
  const notifier = new WebhookNotifier(config.notifications.webhooks, log);
  // Decisions made by hand are announced like the service's before the command ends, but a
  // dead receiver may hold the command for ten seconds at most.
  closing.add('notifier', async () => {
    await Promise.race([notifier.drain(), new Promise((r) => setTimeout(r, DRAIN_MS).unref())]);
    notifier.stop();
  });
  const now = over.at ?? (await serviceClock(config, new KvStore(db)))();
  const { authenticity } = buildGovernance(config, db, log, (n) => notifier.notify(n));
  const poller = new Poller({
    source: createSource(config, log),
    store: new ProposalStore(db),
    log,
    space: config.space,
    onProposal: over.onProposal ?? ((record) => authenticity.decide(record, now)),
    afterCycle: over.onProposal ? undefined : (at) => authenticity.retryPending(at),
  });
  return { db, poller, now };
}
