import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from '../errors';

/** Largest JSON body the API reads; ops requests are a few hundred bytes. */
export const JSON_BODY_LIMIT = '16kb';

/**
 * helmet with its defaults, except that plain-HTTP deployments (behind an internal network or
 * on loopback) must not be told to upgrade every request to HTTPS.
 */
export function securityHeaders(): RequestHandler {
  return helmet({ contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null } } });
}

export interface WriteLimitOptions {
  /** Requests per window per client address. */
  limit?: number;
  windowMs?: number;
}

/** Rate limit for write routes (halt, resume, ...): a 429 through the one error middleware. */
export function writeLimiter(opts: WriteLimitOptions = {}): RequestHandler {
  return rateLimit({
    windowMs: opts.windowMs ?? 60_000,
    limit: opts.limit ?? 20,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpError(429, 'too many write requests: slow down and retry later')),
  });
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isWrite = (method: string): boolean => WRITE_METHODS.has(method);

/** Writes must carry JSON (or nothing): anything else is a 415 naming the type it got. */
export const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (isWrite(req.method) && hasBody && !req.is('application/json')) {
    next(new HttpError(415, `request body must be application/json, got ${req.headers['content-type'] ?? 'no content type'}`));
    return;
  }
  next();
};

export const jsonBody = (): RequestHandler => express.json({ limit: JSON_BODY_LIMIT, strict: true });
