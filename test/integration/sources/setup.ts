import path from 'node:path';
import { loadConfig } from '../../../src/config/load';
import type { Config } from '../../../src/config/schema';
import type { ProposalRecord } from '../../../src/domain/proposal';
import { quietLogger, type Logger } from '../../../src/log';
import { createSource } from '../../../src/sources';
import { Poller } from '../../../src/sources/poller';
import type { Timing } from '../../../src/sources/rate-limit';
import type { ProposalSource } from '../../../src/sources/types';
import { openDb, type Db } from '../../../src/store/db';
import { ProposalStore } from '../../../src/store/proposals';
import { testEnv } from '../../helpers/tmp';
import { hubData } from '../../fixtures/hub/proposals';
import { LoopbackHub } from '../../fixtures/hub/server';

/** The test config with the given source settings (short timeouts, pages of 100). */
export function sourceConfig(dataDir: string, source: Partial<Config['source']>, apiKey?: string): Config {
  const r = loadConfig(testEnv({ GOVBRIDGE_DATA_DIR: dataDir, ...(apiKey ? { GOVBRIDGE_HUB_API_KEY: apiKey } : {}) }));
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return {
    ...r.value,
    source: { ...r.value.source, kind: 'snapshot', pageSize: 100, timeoutMs: 5000, maxRetries: 3, maxRequestsPerMinute: 100, ...source },
  };
}

/**
 * Real clock plus the time slept, but sleeps return at once and are recorded: retries are
 * checked, not waited (and the rate limiter still sees time pass).
 */
export function instantTiming(): Timing & { sleeps: number[] } {
  const sleeps: number[] = [];
  let slept = 0;
  return { sleeps, now: () => Date.now() + slept, random: () => 0.5, sleep: (ms) => (sleeps.push(ms), (slept += ms), Promise.resolve()) };
}

/** A clock that moves only when someone sleeps: rate-limit waits are read, not waited. */
export function virtualTiming(): Timing & { sleeps: number[]; t: number } {
  const c = {
    t: 1_000_000,
    sleeps: [] as number[],
    now: () => c.t,
    random: () => 0.5,
    sleep: (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
      return Promise.resolve();
    },
  };
  return c;
}

export interface Rig {
  poller: Poller;
  store: ProposalStore;
  db: Db;
  source: ProposalSource;
  /** Ids handed to onProposal, in order, over the rig's life. */
  handed: string[];
}

const opened: Db[] = [];
afterAll(() => Promise.all(opened.filter((db) => db.open).map((db) => db.close())));

/** A poller over a real SQLite file; a new rig on the same file is a restart. */
export async function rig(
  file: string,
  config: Config,
  opts: { timing?: Timing; log?: Logger; source?: ProposalSource } = {},
): Promise<Rig> {
  const db = await openDb(file);
  const store = new ProposalStore(db);
  const log = opts.log ?? quietLogger();
  const source = opts.source ?? createSource(config, log, { timing: opts.timing ?? instantTiming(), baseDelayMs: 10 });
  const handed: string[] = [];
  const onProposal = (r: ProposalRecord) => {
    handed.push(r.id);
    return { executable: null, problems: [], reasons: [] };
  };
  opened.push(db);
  return { poller: new Poller({ source, store, log, space: config.space, onProposal }), store, db, source, handed };
}

export const dbIn = (dir: string, name: string): string => path.join(dir, `${name}.sqlite`);

/** A loopback hub serving `n` generated proposals plus the seed, reset before every test. */
export function useHub(n: number): { hub: LoopbackHub } {
  const holder = {} as { hub: LoopbackHub };
  beforeAll(async () => {
    holder.hub = await new LoopbackHub(hubData(n)).start();
  });
  afterAll(() => holder.hub.stop());
  beforeEach(() => {
    holder.hub.data = hubData(n);
    holder.hub.faults = [];
    holder.hub.faultFor = null;
    holder.hub.mangle = null;
  });
  return holder;
}
