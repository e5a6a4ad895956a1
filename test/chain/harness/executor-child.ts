/**
 * A govbridge executor as its own process, for the crash test: the test SIGKILLs it at random
 * points between signing and inclusion and starts it again over the same SQLite file.
 *
 * It is configured like the service (loadConfig over GOVBRIDGE_* variables and a GOVBRIDGE_CONFIG
 * file; the seed only in GOVBRIDGE_SIGNER_SEED) and runs the real lifecycle store, ledger and
 * subtensor adapter. The test owns the clock: each stdin line `{"now": ISO}` is one
 * `executor.runOnce(now)`, answered by one `TICK_REPORT {json}` line on stdout, so the plan's
 * weeks pass in time-travelled chain time. Log lines are JSON on stdout too: the test watches
 * for `sending` (the rows are `submitting` and the tx is signed) to choose its moment to kill.
 *
 * Run: node -r ./scripts/chain/ts-hook.cjs test/chain/harness/executor-child.ts [--era N]
 * after `npm run build`. The short mortal era (default 4 blocks) lets a tx that never reached
 * the pool expire in a few dev blocks, which cost ~0.8 s each here; the service keeps its 64.
 */
import path from 'node:path';
import readline from 'node:readline';
import { REPORT_PREFIX } from './executor-process';

/**
 * The service's compiled code: types from src/, values from dist/ (see staleDist in
 * executor-process.ts), so the process starts in about a second.
 */
const DIST = path.resolve(__dirname, '..', '..', '..', 'dist');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dist = <T>(module: string): T => require(path.join(DIST, module)) as T;
const { createSubtensorChain } = dist<typeof import('../../../src/chain/subtensor')>('chain/subtensor');
const { loadConfig } = dist<typeof import('../../../src/config/load')>('config/load');
const { Executor } = dist<typeof import('../../../src/executor/executor')>('executor/executor');
const { hotkeyResolver } = dist<typeof import('../../../src/executor/hotkeys')>('executor/hotkeys');
const { AuditLog } = dist<typeof import('../../../src/store/audit')>('store/audit');
const { openDb } = dist<typeof import('../../../src/store/db')>('store/db');
const { Ledger } = dist<typeof import('../../../src/store/ledger')>('store/ledger');
const { PlanStore } = dist<typeof import('../../../src/store/plans')>('store/plans');
const { Governance } = dist<typeof import('../../../src/governance/governance')>('governance/governance');
const { LifecycleExecutorPlans } = dist<typeof import('../../../src/wiring/executor-plans')>('wiring/executor-plans');
const { policyFromConfig } = dist<typeof import('../../../src/governance/policy')>('governance/policy');
const { createLogger } = dist<typeof import('../../../src/log')>('log');

const json = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

async function main(argv: string[]): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) throw new Error(`config: ${loaded.errors.join('; ')}`);
  const config = loaded.value;
  const at = argv.indexOf('--era');
  const era = at >= 0 ? Number(argv[at + 1]) : 4;
  const log = createLogger({ level: 'info', format: 'json', stream: process.stdout });
  const seed = config.secrets.signerSeed;
  if (!seed || !config.chain.authority.treasury) throw new Error('GOVBRIDGE_SIGNER_SEED and GOVBRIDGE_TREASURY are required');
  const db = await openDb(path.resolve(config.dataDir, 'govbridge.sqlite'));
  const plans = new PlanStore(db);
  const governance = new Governance({
    plans,
    audit: new AuditLog(db),
    policy: policyFromConfig(config),
    cadence: config.executor.cadence,
    log,
  });
  const chain = await createSubtensorChain(config.chain, seed, log, { eraPeriod: era });
  const executor = new Executor({
    chain,
    ledger: new Ledger(db),
    plans: new LifecycleExecutorPlans(plans, governance),
    log,
    settings: config.executor,
    treasury: config.chain.authority.treasury,
    hotkeyFor: hotkeyResolver(config.chain.hotkeys, config.chain.kind),
  });
  process.stdout.write(`${REPORT_PREFIX}${json({ ready: true })}\n`);
  // One tick at a time, in order: a line that arrives mid-tick waits for the previous one.
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    queue = queue.then(async () => {
      const { now } = JSON.parse(line) as { now: string };
      const report = await executor.runOnce(new Date(now));
      process.stdout.write(`${REPORT_PREFIX}${json(report)}\n`);
    });
  });
  lines.on('close', () => {
    void queue.then(async () => {
      await chain.close();
      await db.close();
    });
  });
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`executor-child failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
