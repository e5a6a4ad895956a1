import { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { z } from 'zod';
import { lintParsed, lintProposal, type LintReport } from '../../domain/lint';
import { MAX_BODY_BYTES, type ParseResult } from '../../domain/parse';
import { planToJson } from '../../domain/plan';
import { HttpError } from '../errors';
import { parseInput, sendJson } from './json';
import { jsonBody } from '../body';
import { writeLimiter, type WriteLimitOptions } from './security';

/**
 * JSON escaping makes a proposal a little longer on the wire (newlines become \n, quotes \"),
 * so the request may exceed the 256 KiB proposal limit by this much before it is refused
 * unread; the proposal itself is then measured exactly.
 */
export const LINT_REQUEST_LIMIT_BYTES = MAX_BODY_BYTES + 32 * 1024;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const lintRequest = z.strictObject({
  body: z.string(),
  start: z
    .string()
    .regex(ISO_INSTANT, 'an ISO 8601 time with a zone, such as 2025-02-14T00:00:00Z')
    .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date')
    .optional(),
});

export interface LintRouteOptions {
  clock: () => Date;
  /** Proposers re-check as they type, so this limit is looser than the other write routes'. */
  limit?: WriteLimitOptions;
  /**
   * The service's parser off the event loop (its worker, with a time budget), so that a hostile
   * body pasted here cannot stall /health or the executor; without it the body is parsed inline.
   */
  parse?: (body: string) => Promise<ParseResult>;
}

export function lintJson(r: LintReport) {
  return {
    ok: r.ok,
    start: r.start.toISOString(),
    plan: r.plan ? planToJson(r.plan) : null,
    errors: r.errors,
    warnings: r.warnings,
    schedules: r.schedules.map((s) => ({
      cadence: s.cadence,
      count: s.count,
      first: s.first.toISOString(),
      last: s.last.toISOString(),
      end: s.end.toISOString(),
      allocations: s.allocations.map((a) => ({
        netuid: a.netuid,
        name: a.name,
        rao: a.rao.toString(),
        sizes: a.sizes.map((z) => ({ rao: z.rao.toString(), count: z.count })),
      })),
    })),
    block: r.block,
  };
}

/**
 * The body parser's own failures, said plainly: a request over the limit is a 413 naming it,
 * malformed JSON a 400 with the parser's reason. Everything else goes on to the app's handler.
 */
const bodyProblems: ErrorRequestHandler = (error: { type?: string; message?: string }, _req, _res, next) => {
  if (error.type === 'entity.too.large')
    next(
      new HttpError(
        413,
        `request body too large: a lint request carries at most ${MAX_BODY_BYTES / 1024} KiB of proposal (${LINT_REQUEST_LIMIT_BYTES / 1024} KiB of JSON)`,
      ),
    );
  else if (error.type === 'entity.parse.failed')
    next(new HttpError(400, `request body is not valid JSON: ${error.message ?? 'unreadable'}`));
  else next(error);
};

/**
 * POST /api/lint: `{ body, start? }` → the lint report, parsed by the same function as
 * `govbridge lint`. It reads nothing from the store and moves no money; it carries its own body
 * limit (a proposal is far larger than any other request) and its own rate limit.
 */
export function lintRouter(opts: LintRouteOptions): Router {
  const router = Router();
  const limiter = writeLimiter({ limit: 120, ...opts.limit });
  const handle: RequestHandler = async (req, res) => {
    const input = parseInput(lintRequest, req.body ?? {}, 'body');
    const bytes = Buffer.byteLength(input.body, 'utf8');
    if (bytes > MAX_BODY_BYTES)
      throw new HttpError(413, `the proposal is ${bytes} bytes, over the ${MAX_BODY_BYTES}-byte (256 KiB) limit; it was not read`);
    const start = input.start ? new Date(input.start) : opts.clock();
    const report = opts.parse ? lintParsed(await opts.parse(input.body), start) : lintProposal(input.body, start);
    sendJson(res, lintJson(report));
  };
  router.post('/lint', limiter, jsonBody(LINT_REQUEST_LIMIT_BYTES), bodyProblems, handle);
  return router;
}
