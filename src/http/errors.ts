import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../log';
import { bodyProblem } from './body';
import { isProblemError, type ProblemKind } from '../domain/problem';

/** The HTTP status of each kind of problem a route may throw. */
export const PROBLEM_STATUS: Record<ProblemKind, number> = {
  conflict: 409,
  invalid: 400,
  'not-found': 404,
  refused: 422,
  unavailable: 503,
};

/** An error whose message is safe to show to a client, with its HTTP status. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Wraps an async route so a rejected promise reaches the error middleware. */
export const asyncRoute =
  (fn: (req: Request, res: Response, next: NextFunction) => Promise<unknown>): RequestHandler =>
  (req, res, next) => {
    fn(req, res, next).catch(next);
  };

/**
 * The one error middleware: known errors keep their status; nothing else leaks a stack. Body
 * parser refusals (too large, bad JSON, wrong type or encoding) are named, with a stable code,
 * and so is a thrown ProblemError, answered with the status of its kind and its code and data.
 */
export function errorMiddleware(log: Logger, onServerError: (error: unknown) => void = () => {}): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const body = bodyProblem(error);
    if (body) {
      log.info('request refused', { method: req.method, path: req.path, status: body.status, code: body.code });
      res.status(body.status).json({ error: body.message, details: { code: body.code } });
      return;
    }
    if (isProblemError(error)) {
      const { code, message, data } = error.problem;
      const status = PROBLEM_STATUS[error.kind];
      log.info('request refused', { method: req.method, path: req.path, status, code });
      res.status(status).json({ error: message, details: { ...data, code } });
      return;
    }
    const e = error as { status?: number; statusCode?: number; message?: string; details?: unknown };
    let status = e instanceof HttpError ? e.status : (e.status ?? e.statusCode ?? 500);
    if (status < 400 || status > 599) status = 500;
    const message = status >= 500 ? 'internal error' : (e.message ?? 'bad request');
    if (status >= 500) {
      log.error('request failed', { method: req.method, path: req.path, error: e.message });
      onServerError(error);
    } else log.info('request refused', { method: req.method, path: req.path, status, error: message });
    res.status(status).json({ error: message, ...(e instanceof HttpError && e.details !== undefined ? { details: e.details } : {}) });
  };
}
