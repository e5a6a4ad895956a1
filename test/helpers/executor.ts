import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryPlans } from '../../src/tools/memory-plans';
import { seedPlan } from './records';
import { Executor, type ExecutorSettings } from '../../src/executor/executor';
import { hotkeyResolver } from '../../src/executor/hotkeys';
import { createDryRunChain, type DryRunChain, type DryRunOptions } from '../../src/chain/sim';
import type { ChainPort } from '../../src/chain/port';
import { Ledger } from '../../src/store/ledger';
import { openDb, type Db } from '../../src/store/db';
import { quietLogger, type Logger } from '../../src/log';

export { MemoryPlans };
/** The seed proposal's plan (ROKO #39), built by hand: 884 TAO, 75 % at root, 5 × 5 % by DCA over P2M. */
export { seedPlan };
export const TAO = 1_000_000_000n;
export const SEED_START = new Date('2025-02-14T00:00:00Z');
export const DAY_MS = 86_400_000;

export const defaultSettings = (over: Partial<ExecutorSettings> = {}): ExecutorSettings => ({
  strategy: 'uniform',
  maxSlippage: '0.02',
  maxPriceRetries: 3,
  priceAware: { minFactor: '0.5', maxFactor: '2', window: 7 },
  caps: { perTick: 100n * TAO, perDay: 100n * TAO },
  ...over,
});

/** A virtual clock, the dry-run chain, a real SQLite ledger file and the in-memory plans. */
export interface Harness {
  db: Db;
  ledger: Ledger;
  chain: DryRunChain;
  plans: MemoryPlans;
  now(): Date;
  setTime(t: Date | number): void;
  /** A fresh executor over the same store and chain, as after a restart. */
  executor(settings?: Partial<ExecutorSettings>, chain?: ChainPort, log?: Logger): Executor;
  /** Closes the store and removes its directory: call it from the suite's afterAll. */
  close(): Promise<void>;
}

/**
 * Opens a harness over a new SQLite file. Opening the store is asynchronous, so a suite builds
 * its harness in a beforeAll; Jest refuses hooks registered from inside a hook, so the harness
 * registers none and the suite closes it with `afterAll(() => h.close())`.
 */
export async function harness(chainOpts: Partial<DryRunOptions> = {}, start = SEED_START): Promise<Harness> {
  let t = start.getTime();
  const clock = () => new Date(t);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govbridge-'));
  const db = await openDb(path.join(dir, 'govbridge.sqlite'));
  const chain = createDryRunChain({ seed: 7, clock, treasuryRootStake: 884n * TAO, ...chainOpts });
  const ledger = new Ledger(db);
  const plans = new MemoryPlans();
  const log = quietLogger(process.env.GOVBRIDGE_TEST_LOGS === '1');
  return {
    db,
    ledger,
    chain,
    plans,
    now: clock,
    setTime: (x) => void (t = typeof x === 'number' ? x : x.getTime()),
    executor: (settings = {}, port: ChainPort = chain, logger: Logger = log) =>
      new Executor({
        chain: port,
        ledger,
        plans,
        log: logger,
        settings: defaultSettings(settings),
        treasury: chain.treasury,
        hotkeyFor: hotkeyResolver({}, 'dry-run'),
      }),
    close: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
