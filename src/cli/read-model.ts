/**
 * How `govbridge report` and `govbridge status` reach the data: the configured store (SQLite file
 * or PostgreSQL) through the real stores, adapted to the transparency ReadModel. Prices: the CLI does not open a chain
 * connection, so "current" means the latest price the ledger recorded for the subnet (the
 * report says so in its warnings).
 */
import type { Config } from '../config/schema';
import { storeTarget } from '../config/load';
import type { PriceSource, ReadModel } from '../http/ports';
import { AuditLog } from '../store/audit';
import { openDb } from '../store/db';
import { Ledger } from '../store/ledger';
import { PlanStore } from '../store/plans';
import { StoreReadModel } from '../wiring/read-model';
import { KvStore } from '../store/kv';
import { anchoredNow } from '../jobs/clock';

export interface ReadModelHandle {
  read: ReadModel;
  prices: PriceSource;
  /** Said once in the output when prices are not live. */
  priceNote: string | null;
  /** The service's now: the dry-run demo's stored virtual clock, else the wall clock. */
  now?(): Promise<Date>;
  close(): Promise<void>;
}

export async function openStoreReadModel(config: Config): Promise<ReadModelHandle> {
  // Read-only: status and report never write, and must work on a data dir they cannot write.
  const db = await openDb(storeTarget(config), { readonly: true });
  const ledger = new Ledger(db);
  return {
    read: new StoreReadModel({ plans: new PlanStore(db), ledger, audit: new AuditLog(db) }),
    prices: {
      alphaPrice: async (netuid) => {
        const [last] = await ledger.recentPrices(netuid, 1);
        if (last === undefined) throw new Error('no price recorded in the ledger yet');
        return last;
      },
    },
    priceNote: 'current prices are the last ones recorded in the ledger, not read live from the chain',
    now: async () => (config.chain.kind === 'dry-run' ? await anchoredNow(new KvStore(db)) : new Date()),
    close: () => db.close(),
  };
}

let opener: (config: Config) => Promise<ReadModelHandle> = openStoreReadModel;

/** Tests (and a future live-price mode) swap how the CLI opens its read model. */
export function setReadModelOpener(next: ((config: Config) => Promise<ReadModelHandle>) | null): void {
  opener = next ?? openStoreReadModel;
}

export async function withReadModel<T>(config: Config, fn: (h: ReadModelHandle) => Promise<T>): Promise<T> {
  const h = await opener(config);
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}
