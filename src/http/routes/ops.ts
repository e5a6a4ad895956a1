import express, { Router, type RequestHandler } from 'express';
import type { OpsRequests } from '../../ops/ops-requests';

/**
 * POST /api/halt and POST /api/resume: signed ops requests (docs/design.md §5). The body is checked by
 * OpsRequests; this router only carries it, with the write rate limiter in front.
 */
export function opsRouter(ops: OpsRequests, clock: () => Date, limiter?: RequestHandler): Router {
  const router = Router();
  // Signed requests are small; anything larger is refused before it is parsed.
  router.use(express.json({ limit: '4kb' }));
  for (const action of ['halt', 'resume'] as const) {
    const handlers: RequestHandler[] = limiter ? [limiter] : [];
    handlers.push((req, res) => {
      const r = ops.handle(req.body, action, clock());
      res.status(r.status).json(r.body);
    });
    router.post(`/${action}`, ...handlers);
  }
  return router;
}
