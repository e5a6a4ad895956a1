/**
 * The composition root: every process of govbridge (the service, each CLI command that reads
 * or writes the store) opens the store here, once, and builds on it the parts its mode needs.
 * What a test changes (the clock, the chain, the prices) it passes in the options; nothing here
 * keeps state between calls.
 */
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { Config } from '../config/schema';
import { storeTarget } from '../config/load';
import { quietLogger, type Logger } from '../log';
import { openDb, type Db } from '../store/db';
import { buildComponents, type Components } from '../wiring/components';
import type { ChainPort } from '../chain/port';
import { closer, type Closer } from './closer';
import { pollParts, type PollOverrides, type PollParts } from './poll';
import { readParts, type ReadOverrides, type ReadParts } from './read';
import { startOn, type Service, type ServiceOptions } from './service';

interface Common {
  /** The root logger; quiet unless given (the CLI's inspection commands log nothing). */
  log?: Logger;
}

/** Just the store: `db migrate`, `db export`, `ops` reading plan ids. */
export interface StoreMode extends Common {
  mode: 'store';
  readonly?: boolean;
  migrate?: boolean;
  poolSize?: number;
  /** Another store than the configured one (`db import --to`). */
  target?: string;
}

/** The store read-only and the read model over it: `status`, `report`, `audit`, `ledger`. */
export interface ReadMode extends Common, ReadOverrides {
  mode: 'read';
}

/** The store, the governance engine and a poller: `poll --once`. */
export interface PollMode extends Common, PollOverrides {
  mode: 'poll';
}

/** The whole object graph without HTTP or schedules: `run --once`, a test's own leader. */
export interface TickMode extends Common {
  mode: 'tick';
  clock?: () => Date;
  wrapChain?: (built: ChainPort) => ChainPort;
}

/** Everything: the components, the HTTP app on its port, the lease and the jobs (`serve`). */
export interface ServiceMode extends Common, ServiceOptions {
  mode: 'service';
}

export type AppOptions = StoreMode | ReadMode | PollMode | TickMode | ServiceMode;

interface Handle {
  /** Closes what the app opened, in reverse order of opening; safe to call twice. */
  close(): Promise<void>;
}

export type StoreApp = Handle & { db: Db };
export type ReadApp = Handle & ReadParts;
export type PollApp = Handle & PollParts;
export type TickApp = Handle & { components: Components };
export type ServiceApp = Handle & Service;

export type AppFor<O extends AppOptions> = O extends StoreMode
  ? StoreApp
  : O extends ReadMode
    ? ReadApp
    : O extends PollMode
      ? PollApp
      : O extends TickMode
        ? TickApp
        : ServiceApp;

function openOptions(config: Config, opts: AppOptions): { target: string; readonly: boolean; migrate?: boolean; poolSize: number } {
  const poolSize = config.store.poolSize;
  switch (opts.mode) {
    case 'store':
      return {
        target: opts.target ?? storeTarget(config),
        readonly: opts.readonly ?? false,
        migrate: opts.migrate,
        poolSize: opts.poolSize ?? poolSize,
      };
    // Inspection never writes, and must work on a data dir this user cannot write.
    case 'read':
      return { target: storeTarget(config), readonly: true, poolSize };
    default:
      return { target: storeTarget(config), readonly: false, poolSize };
  }
}

async function build(config: Config, opts: AppOptions, db: Db, log: Logger, closing: Closer): Promise<object> {
  switch (opts.mode) {
    case 'store':
      return { db };
    case 'read':
      return readParts(config, db, opts);
    case 'poll':
      return pollParts(config, db, log, closing, opts);
    case 'tick': {
      await cryptoWaitReady();
      const components = await buildComponents(config, db, log, opts.clock, { chain: opts.wrapChain });
      closing.add('components', () => components.close());
      return { components };
    }
    case 'service':
      await cryptoWaitReady();
      return startOn(config, db, log, closing, opts);
  }
}

/**
 * Opens the store once and builds the parts of `opts.mode` on it. When any step fails, what was
 * opened before it is closed, in reverse order, and the error is thrown as it was.
 */
export async function openApp<O extends AppOptions>(config: Config, opts: O): Promise<AppFor<O>> {
  const log = opts.log ?? quietLogger();
  const closing = closer((name, e) => log.error('could not close on shutdown', { module: 'app', part: name, error: (e as Error).message }));
  const { target, ...open } = openOptions(config, opts);
  const db = await openDb(target, open);
  closing.add('store', () => db.close());
  try {
    const parts = await build(config, opts, db, log, closing);
    // The service's stop() logs its own shutdown; every handle closes through the same closer.
    const service = 'stop' in parts ? (parts as Service) : null;
    const close = (): Promise<void> => (service ? service.stop() : closing.close());
    return { ...parts, close } as AppFor<O>;
  } catch (e) {
    await closing.close().catch(() => undefined);
    throw e;
  }
}

/** Opens an app, runs `fn` on it and closes it on every path, also when `fn` throws. */
export async function withApp<O extends AppOptions, T>(config: Config, opts: O, fn: (app: AppFor<O>) => Promise<T>): Promise<T> {
  const app = await openApp(config, opts);
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}
