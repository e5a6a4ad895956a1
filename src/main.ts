/**
 * The service's entry points: `startService` (what `serve` and the tests start) and
 * `runUntilSignal` (what `serve` runs until SIGTERM). The object graph is built by the
 * composition root, src/app.
 */
import type { Config } from './config/schema';
import { createLogger, type Logger } from './log';
import { openApp } from './app/open';
import type { Service, ServiceOptions } from './app/service';

export type { Service, ServiceOptions };

/**
 * Starts the service: store → components → HTTP → lease → schedules. A start that fails at any
 * step (port taken, store or chain not reachable) closes what it opened and throws.
 */
export async function startService(config: Config, rootLog: Logger, opts: ServiceOptions = {}): Promise<Service> {
  return openApp(config, { mode: 'service', log: rootLog, ...opts });
}

/** Runs the service until SIGTERM/SIGINT, then shuts down within the configured timeout. */
export async function runUntilSignal(config: Config): Promise<void> {
  const log = createLogger({ level: config.logLevel, format: config.logFormat });
  let service: Service;
  try {
    service = await startService(config, log);
  } catch (e) {
    // Said in the log as well as by the command, so a process manager's log shows why it stopped.
    log.error('govbridge did not start; what it opened is closed again', { module: 'main', error: (e as Error).message });
    throw e;
  }
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
