/**
 * What `govbridge status`, `report`, `audit` and `ledger` read: the configured store opened
 * read-only, through the real stores, adapted to the transparency ReadModel. The CLI opens no
 * chain connection, so "current" prices are the latest the ledger recorded for each subnet (the
 * report says so in its warnings).
 */
import type { Config } from '../config/schema';
import type { PriceSource, ReadModel } from '../http/ports';
import { AuditLog } from '../store/audit';
import type { Db } from '../store/db';
import { Ledger } from '../store/ledger';
import { PlanStore } from '../store/plans';
import { KvStore } from '../store/kv';
import { StoreReadModel } from '../wiring/read-model';
import { anchoredNow } from '../jobs/clock';

export interface ReadParts {
  db: Db;
  read: ReadModel;
  audit: AuditLog;
  ledger: Ledger;
  plans: PlanStore;
  prices: PriceSource;
  /** Said once in the output when prices are not live. */
  priceNote: string | null;
  /** The service's now: the dry-run demo's stored virtual clock, else the wall clock. */
  now(): Promise<Date>;
}

/** What a caller of the read mode may replace: a test fixes the time or the prices. */
export interface ReadOverrides {
  now?: () => Promise<Date>;
  prices?: PriceSource;
  /** What to say about the given prices; nothing unless said. */
  priceNote?: string;
}

export function readParts(config: Config, db: Db, over: ReadOverrides = {}): ReadParts {
  const ledger = new Ledger(db);
  const plans = new PlanStore(db);
  const audit = new AuditLog(db);
  const recorded: PriceSource = {
    alphaPrice: async (netuid) => {
      const [last] = await ledger.recentPrices(netuid, 1);
      if (last === undefined) throw new Error('no price recorded in the ledger yet');
      return last;
    },
  };
  const storeNow = async (): Promise<Date> => (config.chain.kind === 'dry-run' ? await anchoredNow(new KvStore(db)) : new Date());
  return {
    db,
    read: new StoreReadModel({ plans, ledger, audit }),
    audit,
    ledger,
    plans,
    prices: over.prices ?? recorded,
    // Prices given by the caller are its own to describe; the ledger's are said to be old.
    priceNote: over.prices
      ? (over.priceNote ?? null)
      : 'current prices are the last ones recorded in the ledger, not read live from the chain',
    now: over.now ?? storeNow,
  };
}
