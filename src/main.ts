import path from 'node:path';
import type http from 'node:http';
import type { Config } from './config/schema';
import { createLogger, type Logger } from './log';
import { openDb, type Db } from './store/db';
import { createApp, listen, closeServer } from './http/server';
import { Scheduler } from './jobs/scheduler';

export interface Service {
  port: number;
  db: Db;
  scheduler: Scheduler;
  stop(reason?: string): Promise<void>;
}

export function dbFile(config: Config): string {
  return path.resolve(config.dataDir, 'govbridge.sqlite');
}

/**
 * The one composition root: config → logger → store → jobs → HTTP. Everything else receives
 * what it needs from here; no module reaches for globals or the environment.
 */
export async function startService(config: Config, rootLog: Logger): Promise<Service> {
  const log = rootLog.child({ module: 'main' });
  const db = openDb(dbFile(config));
  const scheduler = new Scheduler(rootLog.child({ module: 'scheduler' }));
  const app = createApp({
    log: rootLog.child({ module: 'http' }),
    readiness: [{ name: 'store', check: () => db.open && db.prepare('SELECT 1 AS one').get() !== undefined }],
  });
  let server: http.Server;
  try {
    server = await listen(app, config.port);
  } catch (e) {
    db.close();
    throw e;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info('govbridge started', { port, dataDir: path.resolve(config.dataDir), chain: config.chain.kind, source: config.source.kind });

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop requested'): Promise<void> =>
    (stopping ??= (async () => {
      log.info('shutting down', { reason });
      await scheduler.stop();
      await closeServer(server);
      db.close();
      log.info('govbridge stopped', { reason });
    })());
  return { port, db, scheduler, stop };
}

/** Runs the service until SIGTERM/SIGINT, then shuts down within the configured timeout. */
export async function runUntilSignal(config: Config): Promise<void> {
  const log = createLogger({ level: config.logLevel, format: config.logFormat });
  const service = await startService(config, log);
  const onSignal = (signal: NodeJS.Signals): void => {
    const timer = setTimeout(() => {
      log.error('shutdown timed out, forcing exit', { module: 'main', timeoutMs: config.shutdownTimeoutMs });
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    void service.stop(signal).then(() => {
      // Give the log transport a moment to flush its final line before the process ends.
      log.on('finish', () => process.exit(0));
      log.end();
    });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

if (require.main === module) {
  // Procfile compatibility: `node dist/main.js` behaves like `govbridge serve`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  void (require('./cli') as typeof import('./cli')).main(['node', 'govbridge', 'serve']);
}
