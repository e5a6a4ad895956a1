import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../../log';
import type { AuditLog } from '../../store/audit';
import { asyncRoute, HttpError } from '../errors';
import type { PlanView, PriceSource, ReadModel, TrancheView } from '../ports';
import { planProgress } from '../progress';
import type { StatusSource } from '../service-status';
import { failingStreak } from '../trouble';
import { buildReport, cachedPrices, reportJson } from '../report';
import { parseInput, sendJson } from './json';
import { lintRouter, type LintRouteOptions } from './lint';
import { openapiDocument } from './openapi';
import { isWrite, writeLimiter, type WriteLimitOptions } from './security';

export interface ApiDeps {
  read: ReadModel;
  audit: AuditLog;
  prices: PriceSource;
  /** Base of explorer links; null when the chain is simulated, so no tx links to a real explorer. */
  explorerUrl: string | null;
  log: Logger;
  /** Source, space, hub and chain facts for /api/status and the dashboard's banners. */
  status?: StatusSource;
  clock?: () => Date;
  writeLimit?: WriteLimitOptions;
  /** Rate limit of POST /api/lint (120 a minute per address unless said). */
  lintLimit?: WriteLimitOptions;
  /** How POST /api/lint parses (the service's parse worker); inline when absent. */
  lintParse?: LintRouteOptions['parse'];
  /** One write limiter shared with routers mounted beside this one (ops); built from writeLimit if absent. */
  limiter?: RequestHandler;
  /** How long a current price is reused by the report route; 10 s unless said. */
  priceTtlMs?: number;
  /**
   * Routers with paths relative to /api, mounted after the write rate limit; their paths must be
   * in `openapiPaths`. A write route parses its own body with `jsonBody(limit)` (src/http/body.ts):
   * this router parses none, so each route's limit is the one that applies.
   */
  extra?: Router[];
  openapiPaths?: Record<string, unknown>;
}

const idParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits, . _ : - only, at most 128') });
const noQuery = z.strictObject({});
const auditQuery = z.strictObject({
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'a whole number: the nextCursor of the previous page')
    .transform(Number)
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'a whole number from 1 to 500')
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .optional(),
  planId: idParams.shape.id.optional(),
});

/** Failed tranches in a row that make a plan "failing" when the service does not say. */
export const DEFAULT_FAILING_AFTER = 5;

export function planSummary(view: PlanView, tranches: TrancheView[], now: Date, failingAfter = DEFAULT_FAILING_AFTER) {
  return {
    id: view.id,
    proposalId: view.proposalId,
    title: view.title,
    state: view.state,
    halted: view.halt !== null,
    halt: view.halt,
    waiting: view.waiting ?? null,
    authenticity: view.authenticity ?? null,
    activatedAt: view.activatedAt,
    lockEndsAt: view.lockEndsAt,
    totalRao: view.plan.totalRao,
    /** The root share: stays staked at root (phase 1 makes it so). */
    holdRao: view.plan.allocations.filter((a) => a.mode === 'hold').reduce((s, a) => s + a.rao, 0n),
    phase1: view.phase1 ?? [],
    progress: planProgress(view, tranches, now),
    /** Set when the last `failingAfter` settled tranches all failed: code, reason and advice. */
    failing: view.state === 'active' ? failingStreak(tranches, failingAfter) : null,
    stale: view.state === 'stale',
  };
}

export function trancheJson(t: TrancheView, explorerUrl: string | null) {
  return { ...t, explorerLink: t.txHash && explorerUrl !== null ? explorerUrl + t.txHash : null };
}

/** The /api router: read routes over the ReadModel, and the guards every write route gets. */
export function createApiRouter(deps: ApiDeps): Router {
  const clock = deps.clock ?? (() => new Date());
  const router = Router();
  const prices = cachedPrices(deps.prices, deps.priceTtlMs ?? 10_000);
  const limiter = deps.limiter ?? writeLimiter(deps.writeLimit);
  // Mounted first: it brings its own body parser (256 KiB of proposal) and its own rate limit.
  router.use(lintRouter({ clock, limit: deps.lintLimit, parse: deps.lintParse }));
  router.use(((req, res, next) => (isWrite(req.method) ? limiter(req, res, next) : next())) as RequestHandler);

  const planOr404 = async (id: string): Promise<PlanView> => {
    const view = await deps.read.plan(id);
    if (!view) throw new HttpError(404, `no plan with id ${id}`);
    return view;
  };

  const failingAfter = () => deps.status?.snapshot().failingAfter ?? DEFAULT_FAILING_AFTER;
  router.get('/status', (req, res) => {
    parseInput(noQuery, req.query, 'query');
    const simulated = deps.explorerUrl === null;
    const snap = deps.status?.snapshot() ?? {
      source: 'unknown',
      space: 'unknown',
      chain: { kind: simulated ? 'dry-run' : 'unknown', simulated },
      hub: null,
      failingAfter: DEFAULT_FAILING_AFTER,
    };
    sendJson(res, { asOf: clock().toISOString(), ...snap });
  });
  router.get('/openapi.json', (_req, res) => {
    sendJson(res, openapiDocument(deps.openapiPaths));
  });
  router.get(
    '/proposals',
    asyncRoute(async (req, res) => {
      parseInput(noQuery, req.query, 'query');
      sendJson(res, { proposals: await deps.read.proposals() });
    }),
  );
  router.get(
    '/plans',
    asyncRoute(async (req, res) => {
      parseInput(noQuery, req.query, 'query');
      const now = clock();
      const views = await deps.read.plans();
      const plans = await Promise.all(views.map(async (p) => planSummary(p, await deps.read.tranches(p.id), now, failingAfter())));
      sendJson(res, { asOf: now.toISOString(), plans });
    }),
  );
  router.get(
    '/plans/:id',
    asyncRoute(async (req, res) => {
      const { id } = parseInput(idParams, req.params, 'params');
      parseInput(noQuery, req.query, 'query');
      const view = await planOr404(id);
      const tranches = await deps.read.tranches(id);
      sendJson(res, { ...planSummary(view, tranches, clock(), failingAfter()), plan: view.plan, schedule: view.schedule });
    }),
  );
  router.get(
    '/plans/:id/tranches',
    asyncRoute(async (req, res) => {
      const { id } = parseInput(idParams, req.params, 'params');
      parseInput(noQuery, req.query, 'query');
      await planOr404(id);
      const tranches = await deps.read.tranches(id);
      sendJson(res, { planId: id, tranches: tranches.map((t) => trancheJson(t, deps.explorerUrl)) });
    }),
  );
  router.get(
    '/plans/:id/report',
    asyncRoute(async (req, res) => {
      const { id } = parseInput(idParams, req.params, 'params');
      parseInput(noQuery, req.query, 'query');
      const report = await buildReport(deps.read, prices, (await planOr404(id)).id, clock());
      if (!report) throw new HttpError(404, `no plan with id ${id}`);
      sendJson(res, reportJson(report));
    }),
  );
  router.get(
    '/audit',
    asyncRoute(async (req, res) => {
      const q = parseInput(auditQuery, req.query, 'query');
      const page = await deps.audit.page(q.cursor ?? null, q.limit ?? 50, q.planId);
      sendJson(res, page);
    }),
  );
  for (const r of deps.extra ?? []) router.use(r);
  return router;
}
