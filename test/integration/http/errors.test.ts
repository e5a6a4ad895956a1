import type http from 'node:http';
import { Router } from 'express';
import { createApp, closeServer, listen } from '../../../src/http/server';
import { asyncRoute, HttpError, PROBLEM_STATUS } from '../../../src/http/errors';
import { problem, ProblemError, type ProblemKind } from '../../../src/domain/problem';
import { quietLogger } from '../../../src/log';

/** Routes that fail in each way the error middleware knows: a problem of every kind, an HttpError, a bug. */
function failing(): Router {
  const r = Router();
  r.get(
    '/problem/:kind',
    asyncRoute((req) => {
      const kind = String(req.params.kind) as ProblemKind;
      return Promise.reject(new ProblemError(problem(`test.${kind}`, `a ${kind} problem`, { planId: 'p', n: 2 }), kind));
    }),
  );
  r.get('/sync-problem', () => {
    throw new ProblemError(problem('test.sync', 'thrown in a plain handler'), 'refused');
  });
  r.get('/spoof', () => {
    // Data never overrides the problem's own code.
    throw new ProblemError(problem('test.real', 'spoofed data', { code: 'other' }), 'invalid');
  });
  r.get('/http', () => {
    throw new HttpError(418, 'short and stout');
  });
  r.get('/bug', () => {
    throw new Error('secret internals');
  });
  return r;
}

describe('the error middleware on a real server', () => {
  let server: http.Server;
  let base: string;
  const served: unknown[] = [];

  beforeAll(async () => {
    const app = createApp({
      log: quietLogger(),
      readiness: [],
      routers: [{ path: '/t', router: failing() }],
      onServerError: (e) => served.push(e),
    });
    server = await listen(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => closeServer(server));

  const get = async (path: string) => {
    const res = await fetch(base + path);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  const kinds: [ProblemKind, number][] = [
    ['conflict', 409],
    ['invalid', 400],
    ['not-found', 404],
    ['refused', 422],
    ['unavailable', 503],
  ];

  it.each(kinds)('answers a %s problem with %i, its message, code and data', async (kind, status) => {
    expect(PROBLEM_STATUS[kind]).toBe(status);
    expect(await get(`/t/problem/${kind}`)).toEqual({
      status,
      body: { error: `a ${kind} problem`, details: { code: `test.${kind}`, planId: 'p', n: 2 } },
    });
  });

  it('maps a problem thrown by a plain handler the same way', async () => {
    expect(await get('/t/sync-problem')).toEqual({
      status: 422,
      body: { error: 'thrown in a plain handler', details: { code: 'test.sync' } },
    });
  });

  it("keeps the problem's code when its data names another", async () => {
    expect((await get('/t/spoof')).body).toEqual({ error: 'spoofed data', details: { code: 'test.real' } });
  });

  it('keeps an HttpError its status, and hides any other error behind a 500', async () => {
    expect(await get('/t/http')).toEqual({ status: 418, body: { error: 'short and stout' } });
    expect(await get('/t/bug')).toEqual({ status: 500, body: { error: 'internal error' } });
    expect(served).toHaveLength(1);
  });
});
