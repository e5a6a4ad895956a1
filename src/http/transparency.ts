/**
 * Everything the transparency side adds to the HTTP app, in one call for the composition root:
 * `createApp({ log, readiness, ...transparencyParts(deps) })`.
 */
import type { RequestHandler, Router } from 'express';
import { createApiRouter, type ApiDeps } from './api/routes';
import { securityHeaders } from './api/security';
import { dashboardRouter } from './dashboard/router';
import type { Metrics } from './metrics';
import { proposeRouter } from './propose/router';

export interface TransparencyDeps extends ApiDeps {
  metrics: Metrics;
  dashboardRefreshMs?: number;
}

export function transparencyParts(deps: TransparencyDeps): { before: RequestHandler[]; routers: { path: string; router: Router }[] } {
  return {
    before: [securityHeaders()],
    routers: [
      { path: '/api', router: createApiRouter(deps) },
      { path: '/', router: deps.metrics.router() },
      { path: '/', router: dashboardRouter(deps.dashboardRefreshMs) },
      { path: '/', router: proposeRouter() },
    ],
  };
}
