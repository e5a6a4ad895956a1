import { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import type { OpsRequests } from '../../ops/ops-requests';
import { bodyProblem, jsonBody } from '../body';
import { HttpError } from '../errors';

/** Signed requests are a few hundred bytes; anything over this is refused before it is read. */
export const OPS_BODY_LIMIT = 4 * 1024;

/** The audit's words for each middleware refusal: fixed text, so nothing the client sent is kept. */
const EARLY: Record<string, string> = {
  'body.too-large': `request body over the ${OPS_BODY_LIMIT}-byte limit of ops routes`,
  'body.bad-json': 'request body is not valid JSON',
  'body.unsupported-type': 'request body is not application/json',
  'body.unsupported-encoding': 'request body has an unsupported charset or content encoding',
  'body.aborted': 'request body was cut short or its length is wrong',
  'rate-limited': 'too many write requests from one address',
};

/**
 * POST /api/halt, /api/resume and /api/adopt: signed ops requests (docs/design.md §5). Each route carries its own
 * chain: the write rate limiter, then its own 4 KB JSON parser, then OpsRequests, which checks
 * the body. Mount this router on the app itself (before the API router), so that no other
 * router's body parser reads an ops body first. Refusals made by the middleware (too many
 * requests, too large, bad JSON, wrong type) are audited through the same bounded path as the
 * ones OpsRequests makes, then answered by the app's error middleware.
 * `clock` drives the transitions (the service's clock, virtual in a sped-up demo); freshness is
 * judged on `wallClock`, real time unless a test fixes it, so a CLI signing now is fresh.
 */
export function opsRouter(ops: OpsRequests, clock: () => Date, limiter?: RequestHandler, wallClock: () => Date = () => new Date()): Router {
  const router = Router();
  for (const action of ['halt', 'resume', 'adopt'] as const) {
    const handlers: RequestHandler[] = limiter ? [limiter] : [];
    handlers.push(jsonBody(OPS_BODY_LIMIT), async (req, res) => {
      const r = await ops.handle(req.body, action, clock(), wallClock());
      res.status(r.status).json(r.body);
    });
    router.post(`/${action}`, ...handlers);
  }
  const auditRefusal: ErrorRequestHandler = async (error: unknown, _req, _res, next) => {
    const body = bodyProblem(error);
    const code = body?.code ?? (error instanceof HttpError && error.status === 429 ? 'rate-limited' : null);
    if (code) await ops.refusedEarly(code, EARLY[code] ?? code, clock());
    next(error);
  };
  router.use(auditRefusal);
  return router;
}
