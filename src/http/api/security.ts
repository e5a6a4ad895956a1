import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { HttpError } from '../errors';
import { DEFAULT_JSON_LIMIT, jsonBody } from '../body';

/** Routes declare their body limits themselves (src/http/body.ts); these stay for callers of old. */
export const JSON_BODY_LIMIT = DEFAULT_JSON_LIMIT;
export { jsonBody };

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

/**
 * Rate limit for write routes (halt, resume, ...): a 429 through the one error middleware. The key
 * is `req.ip`, which is the socket's address unless the app's `trust proxy` setting (config
 * `http.trustProxy`) names the proxy in front: a client cannot pick its own key by sending
 * X-Forwarded-For. IPv6 clients are keyed by their /56, as one host usually owns the whole block.
 */
export function writeLimiter(opts: WriteLimitOptions = {}): RequestHandler {
  return rateLimit({
    windowMs: opts.windowMs ?? 60_000,
    limit: opts.limit ?? 20,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown'),
    // The library would print to the console when X-Forwarded-For arrives untrusted; that is the
    // intended case here (the header is ignored), not a misconfiguration.
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next) => next(new HttpError(429, 'too many write requests: slow down and retry later', { code: 'rate-limited' })),
  });
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isWrite = (method: string): boolean => WRITE_METHODS.has(method);
