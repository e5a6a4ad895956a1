/**
 * A leader that freezes itself with SIGSTOP at the worst moment, for the fencing test: it takes
 * the executor lease (renewing it like the service), runs the seed plan's first tick, then on
 * its next tick stops right after signing a tranche and before writing its ledger row. The test
 * lets another process take over and then sends SIGCONT: this process goes on as if it still
 * led, and prints its tick report (`REPORT {json}`), whose problems say, by code, what the store refused.
 *
 * Run: node -r ./scripts/chain/ts-hook.cjs test/integration/lease/paused-leader.ts after
 * `npm run build`, configured by GOVBRIDGE_* variables like the service.
 */
import path from 'node:path';

const DIST = path.resolve(__dirname, '..', '..', '..', 'dist');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dist = <T>(module: string): T => require(path.join(DIST, module)) as T;
const { loadConfig } = dist<typeof import('../../../src/config/load')>('config/load');
const { openApp } = dist<typeof import('../../../src/app/open')>('app/open');
const { createLogger } = dist<typeof import('../../../src/log')>('log');

async function main(): Promise<void> {
  const cfg = loadConfig(process.env);
  if (!cfg.ok) throw new Error(cfg.errors.join('; '));
  const log = createLogger({ level: 'warn', format: 'json' });
  const app = await openApp(cfg.value, { mode: 'tick', log });
  const c = app.components;
  await c.leadership.start();
  if (!c.leadership.isLeader()) throw new Error('paused-leader: the lease is taken');
  process.stdout.write(`LEADER ${JSON.stringify(c.leadership.view())}\n`);
  await c.poller.runOnce(c.clock());
  await c.executor.runOnce(c.clock());
  const prepare = c.chain.prepare.bind(c.chain);
  c.chain.prepare = async (actions) => {
    const r = await prepare(actions);
    process.stdout.write('PAUSING\n');
    process.kill(process.pid, 'SIGSTOP');
    return r;
  };
  // At --speed 36000 a day passes in 2.4 s: wait for the next tranche to fall due.
  await new Promise((r) => setTimeout(r, 3000));
  const report = await c.executor.runOnce(c.clock());
  process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
  await c.leadership.stop();
  await app.close();
}

main().catch((e: unknown) => {
  process.stdout.write(`FAILED ${(e as Error).message}\n`);
  process.exit(1);
});
