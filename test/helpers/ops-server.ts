import type http from 'node:http';
import { createApp, listen } from '../../src/http/server';
import { opsRouter } from '../../src/http/api/ops';
import { quietLogger } from '../../src/log';
import type { OpsRequests } from '../../src/ops/ops-requests';

/**
 * The ops routes alone on a real HTTP server on loopback, with one fixed time for both the
 * transitions and the freshness of signed requests, so a test's signatures never go stale.
 */
export async function serveOps(ops: OpsRequests, now: Date): Promise<{ server: http.Server; base: string }> {
  const app = createApp({
    log: quietLogger(),
    readiness: [],
    routers: [
      {
        path: '/api',
        router: opsRouter(
          ops,
          () => now,
          undefined,
          () => now,
        ),
      },
    ],
  });
  const server = await listen(app, 0, '127.0.0.1');
  return { server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}
