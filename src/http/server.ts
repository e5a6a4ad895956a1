import http from 'node:http';
import express, { type Router } from 'express';
import type { Logger } from '../log';
import { errorMiddleware, HttpError } from './errors';

/** A check's answer: a boolean, or whether it passed with the problem named when it did not. */
export type Readiness = boolean | { ok: boolean; problem?: string | null };

export interface ReadinessCheck {
  name: string;
  check(): Promise<Readiness> | Readiness;
}

export interface AppParts {
  log: Logger;
  readiness: ReadinessCheck[];
  /** Routers mounted in order; each concept (plans, audit, halt, dashboard) brings its own. */
  routers?: { path: string; router: Router }[];
  /** Applied before the routers, in order (the security headers). */
  before?: express.RequestHandler[];
  /**
   * Express's `trust proxy` (config `http.trustProxy`): false, a hop count, or the proxies'
   * addresses/CIDRs. False unless said, so `req.ip` (and the write rate limit keyed on it) is the
   * socket's address and X-Forwarded-For from a client counts for nothing.
   */
  trustProxy?: TrustProxy;
  /** Told of every error that became a 500 (the store watches for its own errors there). */
  onServerError?: (error: unknown) => void;
  /** Extra fields of the /ready body (the process's lease role and who leads); never readiness itself. */
  status?: () => Record<string, unknown>;
}

export type TrustProxy = false | number | string[];

export function createApp(parts: AppParts): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', parts.trustProxy ?? false);
  for (const mw of parts.before ?? []) app.use(mw);
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const results = await Promise.all(
      parts.readiness.map(async (r): Promise<[string, boolean, string | null]> => {
        try {
          const v = await r.check();
          return typeof v === 'boolean' ? [r.name, v, null] : [r.name, v.ok, v.ok ? null : (v.problem ?? null)];
        } catch {
          // A thrown error's words may carry internal addresses: the check is just false.
          return [r.name, false, null];
        }
      }),
    );
    const ready = results.every(([, ok]) => ok);
    const problems = results.filter(([, ok, p]) => !ok && p !== null).map(([name, , p]): [string, string | null] => [name, p]);
    res.status(ready ? 200 : 503).json({
      ready,
      checks: Object.fromEntries(results.map(([name, ok]) => [name, ok])),
      // Why a check failed, as a label, when it can say (`store: "disk-full"`); details are in the logs.
      ...(problems.length > 0 ? { problems: Object.fromEntries(problems) } : {}),
      ...(parts.status?.() ?? {}),
    });
  });
  for (const r of parts.routers ?? []) app.use(r.path, r.router);
  app.use((req, _res, next) => next(new HttpError(404, `no route for ${req.method} ${req.path}`)));
  app.use(errorMiddleware(parts.log, parts.onServerError));
  return app;
}

export class ListenError extends Error {
  override name = 'ListenError';
}

/**
 * Listens on the host and port (0 = any free port) and resolves with the server once bound. The
 * default host is every interface, so a platform's router can reach the service.
 */
export function listen(app: express.Express, port: number, host = '0.0.0.0'): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new ListenError(e.code === 'EADDRINUSE' ? `port ${port} is already in use` : `cannot listen on ${host}:${port}: ${e.message}`),
      ),
    );
    server.listen(port, host, () => resolve(server));
  });
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
