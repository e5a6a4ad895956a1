/**
 * Request bodies, parsed per route: each write route declares its own limit with `jsonBody(limit)`
 * in its handler chain. No router parses bodies for all its routes, because the first JSON parser
 * a request meets wins: a router-wide parser with a larger limit would make a route's smaller
 * limit dead code.
 */
import express, { type Request, type RequestHandler } from 'express';

/** Largest JSON body a route reads unless it declares its own limit. */
export const DEFAULT_JSON_LIMIT = 16 * 1024;

/** Why a body was refused, as a stable code, with the status and the words a client reads. */
export interface BodyProblem {
  status: 400 | 413 | 415;
  code: 'body.too-large' | 'body.bad-json' | 'body.unsupported-type' | 'body.unsupported-encoding' | 'body.aborted';
  message: string;
}

/** jsonBody's own refusal of a non-JSON body, shaped like body-parser's errors (status and type). */
class UnsupportedBodyType extends Error {
  override name = 'UnsupportedBodyType';
  readonly status = 415;
  readonly type = 'body.unsupported-type';
}

const hasBody = (req: Request): boolean => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/**
 * The JSON body parser of one route: anything but application/json is a 415 naming the type it
 * got, a body over `limitBytes` a 413 before it is read in full, malformed JSON a 400.
 */
export function jsonBody(limitBytes: number = DEFAULT_JSON_LIMIT): RequestHandler {
  const parse = express.json({ limit: limitBytes, strict: true });
  return (req, res, next) => {
    if (hasBody(req) && !req.is('application/json')) {
      next(
        new UnsupportedBodyType(
          `request body must be application/json, got ${String(req.headers['content-type'] ?? 'no content type').slice(0, 100)}`,
        ),
      );
      return;
    }
    parse(req, res, next);
  };
}

/** Maps an error from the body parser (or jsonBody's own 415) to a problem; null for any other error. */
export function bodyProblem(error: unknown): BodyProblem | null {
  if (error instanceof UnsupportedBodyType) return { status: 415, code: 'body.unsupported-type', message: error.message };
  const e = error as { type?: string; limit?: number } | null;
  if (!e || typeof e !== 'object') return null;
  switch (e.type) {
    case 'entity.too.large':
      return { status: 413, code: 'body.too-large', message: `request body too large: this route accepts at most ${e.limit ?? '?'} bytes` };
    case 'entity.parse.failed':
      return { status: 400, code: 'body.bad-json', message: 'request body is not valid JSON' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        status: 415,
        code: 'body.unsupported-encoding',
        message: 'request body has a charset or content encoding this service does not read (use UTF-8 JSON)',
      };
    case 'request.aborted':
    case 'request.size.invalid':
      return { status: 400, code: 'body.aborted', message: 'request body was cut short or its length is wrong' };
    default:
      return null;
  }
}
