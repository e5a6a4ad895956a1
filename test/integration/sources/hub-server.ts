import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import type { HubProposal } from '../../fixtures/hub/proposals';

/** What the loopback hub does to one request instead of answering it normally. */
export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'truncate' }
  | { kind: 'reset' };

export interface HubRequest {
  variables: Record<string, unknown>;
  apiKey: string | undefined;
}

interface Where {
  id?: string;
  id_in?: string[];
  space?: string;
  state?: string;
  end_gte?: number;
  end_gt?: number;
}

const sdl = fs.readFileSync(path.resolve(__dirname, '../../fixtures/hub/schema.graphql'), 'utf8');

/**
 * A real GraphQL server (graphql-yoga) on 127.0.0.1 serving the hub's schema subset from an
 * in-memory list. Faults are queued per request (`faults`) or decided by `faultFor(n)`; `mangle`
 * rewrites a result list (repeated ids, broken records).
 */
export class LoopbackHub {
  requests: HubRequest[] = [];
  faults: Fault[] = [];
  faultFor: ((n: number) => Fault | null) | null = null;
  mangle: ((items: HubProposal[], where: Where) => HubProposal[]) | null = null;
  now = () => Math.floor(Date.now() / 1000);
  url = '';
  private readonly server: http.Server;

  constructor(public data: HubProposal[]) {
    const state = (p: HubProposal): string => (p.end <= this.now() ? 'closed' : p.start <= this.now() ? 'active' : 'pending');
    const schema = createSchema({
      typeDefs: sdl,
      resolvers: {
        Proposal: { state: (p: HubProposal) => state(p) },
        Query: {
          proposal: (_: unknown, a: { id: string }) => this.data.find((p) => p.id === a.id) ?? null,
          proposals: (_: unknown, a: { first: number; skip: number; where?: Where; orderDirection?: string }) => {
            if (a.first > 1000 || a.skip > 5000) throw new Error('first must be ≤ 1000 and skip ≤ 5000');
            const w = a.where ?? {};
            const list = this.data
              .filter((p) => (w.space === undefined || p.space.id === w.space) && (w.state === undefined || state(p) === w.state))
              .filter((p) => (w.end_gte === undefined || p.end >= w.end_gte) && (w.end_gt === undefined || p.end > w.end_gt))
              .filter((p) => (w.id === undefined || p.id === w.id) && (w.id_in === undefined || w.id_in.includes(p.id)))
              .sort((x, y) => (a.orderDirection === 'desc' ? y.end - x.end : x.end - y.end));
            const page = list.slice(a.skip, a.skip + a.first);
            return this.mangle ? this.mangle(page, w) : page;
          },
        },
      },
    });
    const yoga = createYoga({ schema, logging: false, maskedErrors: false });
    this.server = http.createServer((req, res) => void this.handle(yoga, req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(yoga: ReturnType<typeof createYoga>, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let variables: Record<string, unknown> = {};
    try {
      variables = (JSON.parse(body) as { variables?: Record<string, unknown> }).variables ?? {};
    } catch {
      /* recorded as empty */
    }
    this.requests.push({ variables, apiKey: req.headers['x-api-key'] as string | undefined });
    const fault = this.faults.shift() ?? this.faultFor?.(this.requests.length) ?? null;
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers });
      return void res.end(`fault ${fault.status}`);
    }
    const answer = await yoga.fetch('http://127.0.0.1/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await answer.text();
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(fault?.kind === 'truncate' ? text.slice(0, Math.floor(text.length / 2)) : text);
  }
}
