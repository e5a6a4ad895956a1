/**
 * The one HTTP app of govbridge, as the service serves it and as the tests start it: security
 * headers, /health and /ready, the ops routes, the API, metrics, the dashboard and /propose.
 */
import type express from 'express';
import type { Router } from 'express';
import type { Logger } from '../log';
import { createApp, type ReadinessCheck, type TrustProxy } from '../http/server';
import { createApiRouter, type ApiDeps } from '../http/api/routes';
import { securityHeaders, writeLimiter } from '../http/api/security';
import { dashboardRouter } from '../http/dashboard/router';
import { proposeRouter } from '../http/propose/router';
import type { Metrics } from '../http/metrics';
import { opsRouter } from '../http/api/ops';
import { OPS_OPENAPI_PATHS } from '../http/api/ops-openapi';
import type { OpsRequests } from '../ops/ops-requests';

export interface OpsParts {
  requests: OpsRequests;
  /** Drives the plans' transitions: the service clock (virtual in a sped-up demo). */
  clock: () => Date;
  /** Judges the freshness of a signed request: real time unless a test fixes it. */
  wallClock?: () => Date;
}

export interface HttpParts {
  log: Logger;
  api: Omit<ApiDeps, 'log'>;
  metrics: Metrics;
  /** The signed ops routes (halt, resume, adopt); absent in an app that only shows. */
  ops?: OpsParts;
  readiness?: ReadinessCheck[];
  /** Extra fields of the /ready body (the lease role); never readiness itself. */
  status?: () => Record<string, unknown>;
  trustProxy?: TrustProxy;
  onServerError?: (error: unknown) => void;
  dashboardRefreshMs?: number;
}

export interface HttpApp {
  app: express.Express;
  /** The routers in the order they are mounted, so a test can list the routes each one serves. */
  routers: { path: string; router: Router }[];
}

export function buildHttpApp(parts: HttpParts): HttpApp {
  // One write budget per client address, shared by the ops routes and the API's write routes.
  const limiter = parts.api.limiter ?? writeLimiter(parts.api.writeLimit);
  const routers: { path: string; router: Router }[] = [];
  // The ops routes come first: each parses its own body with its 4 KB limit, and the first
  // parser a request meets is the one whose limit holds.
  if (parts.ops) {
    const { requests, clock, wallClock } = parts.ops;
    routers.push({ path: '/api', router: opsRouter(requests, clock, limiter, wallClock) });
  }
  const openapiPaths = parts.ops ? { ...OPS_OPENAPI_PATHS, ...parts.api.openapiPaths } : parts.api.openapiPaths;
  routers.push(
    { path: '/api', router: createApiRouter({ ...parts.api, log: parts.log, limiter, openapiPaths }) },
    { path: '/metrics', router: parts.metrics.router() },
    { path: '/', router: dashboardRouter(parts.dashboardRefreshMs) },
    { path: '/', router: proposeRouter() },
  );
  const app = createApp({
    log: parts.log.child({ module: 'http' }),
    before: [securityHeaders()],
    readiness: parts.readiness ?? [],
    status: parts.status,
    trustProxy: parts.trustProxy,
    onServerError: parts.onServerError,
    routers,
  });
  return { app, routers };
}
