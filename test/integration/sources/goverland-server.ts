import type http from 'node:http';
import type { HubProposal } from '../../fixtures/hub/proposals';
import { LoopbackServer, type Fault } from '../../fixtures/hub/server';

export const DAO_ID = '7f3a9c1e-2b4d-4e8f-9a6b-1c2d3e4f5a6b';

/** Goverland's REST shape for one proposal: float32 scores, its own verdict in `state`. */
export function toGoverland(p: HubProposal, now: number): Record<string, unknown> {
  const scores = p.scores?.map((s) => (s === null ? null : Math.fround(s))) ?? null;
  const [yes = 0, no = 0] = (p.scores ?? []).map((s) => s ?? 0);
  const state = p.end > now ? 'active' : yes > no ? 'succeeded' : 'defeated';
  return {
    id: p.id,
    created_at: new Date(p.created * 1000).toISOString(),
    updated_at: new Date(p.created * 1000).toISOString(),
    ipfs: p.ipfs ?? '',
    author: p.author,
    created: p.created,
    dao_id: DAO_ID,
    network: '1',
    symbol: 'ROKO',
    type: p.type,
    strategies: [],
    title: p.title,
    body: p.body,
    discussion: '',
    choices: p.choices,
    start: p.start,
    end: p.end,
    quorum: p.quorum,
    privacy: '',
    snapshot: '21000000',
    state,
    link: p.link ?? '',
    app: 'snapshot',
    scores,
    scores_state: p.scores_state,
    scores_total: Math.fround(p.scores_total),
    scores_updated: p.end,
    votes: p.votes,
    timeline: [{ created_at: new Date(p.created * 1000).toISOString(), action: 'created' }],
  };
}

/**
 * A real HTTP server imitating Goverland's core API on 127.0.0.1: /v1/daos/{alias},
 * /v1/proposals?dao=&limit=&offset= (bare array ordered by votes, X-Total-Count) and
 * /v1/proposals/{id}. `overrides` replaces fields of single proposals (disagreement tests).
 */
export class LoopbackGoverland extends LoopbackServer {
  requests: string[] = [];
  faults: Fault[] = [];
  overrides = new Map<string, Record<string, unknown>>();

  constructor(
    public data: HubProposal[],
    private readonly alias = 'rokonetwork.eth',
  ) {
    super('/v1');
  }

  private item(p: HubProposal): Record<string, unknown> {
    return { ...toGoverland(p, Math.floor(Date.now() / 1000)), ...this.overrides.get(p.id) };
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push(url.pathname + url.search);
    const fault = this.faults.shift();
    if (this.applyFault(fault, req, res)) return;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(fault?.kind === 'truncate' ? text.slice(0, Math.floor(text.length / 2)) : text);
    };
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== 'v1') return send(404, { message: 'not found' });
    if (parts[1] === 'daos' && parts.length === 3) {
      return parts[2] === this.alias || parts[2] === DAO_ID
        ? send(200, { id: DAO_ID, alias: this.alias, name: 'Roko Network' })
        : send(404, { message: 'dao not found' });
    }
    if (parts[1] === 'proposals' && parts.length === 3) {
      const p = this.data.find((x) => x.id === decodeURIComponent(parts[2]!));
      return p ? send(200, this.item(p)) : send(404, { message: 'proposal not found' });
    }
    if (parts[1] === 'proposals' && parts.length === 2) {
      const list =
        url.searchParams.get('dao') === DAO_ID ? [...this.data].sort((a, b) => b.votes - a.votes || a.id.localeCompare(b.id)) : [];
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 10), 100);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      return send(
        200,
        list.slice(offset, offset + limit).map((p) => this.item(p)),
        { 'X-Total-Count': String(list.length) },
      );
    }
    send(404, { message: 'not found' });
  }
}
