import type { Response } from 'express';
import type { z } from 'zod';
import { HttpError } from '../errors';
import { toJsonText } from '../../json';

export { toJsonText } from '../../json';

export function sendJson(res: Response, body: unknown, status = 200): void {
  res.status(status).type('application/json').send(toJsonText(body));
}

/**
 * Validates request input with zod; a failure is a 400 that names each field and its problem,
 * e.g. `query.limit: Too big: expected number to be <=500`.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'query' | 'params' | 'body'): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    const field = i.path.length ? `${where}.${i.path.join('.')}` : where;
    const unknownKeys = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : '';
    return `${field}: ${i.message}${unknownKeys}`;
  });
  throw new HttpError(400, `invalid request: ${problems.join('; ')}`, { problems });
}
