import { z } from 'zod';
import { proposalRecordSchema, type ProposalRecord } from '../domain/proposal';
import type { Logger } from '../log';
import { err, ok, type Result } from '../result';
import { SourceError, statusError } from './errors';
import { PoliteCaller, type PolitenessOptions } from './polite';
import { validateItems, zodReasons, type Cursor, type Page, type ProposalSource, type Reject } from './types';

const MAX_BODY_CHARS = 1024 * 1024;
const int = z.number().int();
const goverlandProposal = z.object({
  id: z.string().min(1),
  dao_id: z.string().min(1),
  ipfs: z.string().nullish(),
  author: z.string(),
  created: int,
  start: int,
  end: int,
  title: z.string(),
  body: z.string().max(MAX_BODY_CHARS, 'body exceeds 1 MiB').nullish(),
  choices: z.array(z.string()),
  type: z.string().nullish(),
  quorum: z.number().nonnegative(),
  scores: z.array(z.number().nonnegative()),
  scores_total: z.number().nonnegative().nullish(),
  scores_state: z.string().nullish(),
  votes: int.nullish(),
  state: z.string(),
  link: z.string().nullish(),
});
const dao = z.object({ id: z.string().min(1), alias: z.string().optional() });

/**
 * Goverland's verdicts (succeeded, defeated...) are only read as "the vote is over"; whether a
 * proposal passed is decided by the rules from the scores (docs/design.md §5), never from this word.
 */
function hubState(state: string): string {
  if (state === 'pending' || state === 'active' || state === 'canceled') return state;
  return ['succeeded', 'failed', 'defeated'].includes(state) ? 'closed' : `goverland:${state}`;
}

/** Validates one Goverland item of the DAO `daoId` and maps it to the shared record of `space`. */
export function goverlandToRecord(item: unknown, space: string, daoId: string): Result<ProposalRecord> {
  const p = goverlandProposal.safeParse(item);
  if (!p.success) return err(...zodReasons(p.error));
  const g = p.data;
  if (g.dao_id !== daoId) return err(`dao_id: belongs to DAO ${g.dao_id}, not ${space} (${daoId})`);
  const record = proposalRecordSchema.safeParse({
    id: g.id,
    origin: 'goverland',
    space,
    title: g.title,
    body: g.body ?? '',
    author: g.author,
    type: g.type ?? null,
    choices: g.choices,
    created: g.created,
    // Goverland does not expose the proposal's own edit time.
    updated: null,
    start: g.start,
    end: g.end,
    state: hubState(g.state),
    scores: g.scores,
    scoresTotal: g.scores_total ?? g.scores.reduce((a, b) => a + b, 0),
    scoresState: g.scores_state ?? null,
    quorum: g.quorum,
    quorumType: null,
    flagged: false,
    votes: g.votes ?? null,
    ipfs: g.ipfs ?? null,
    link: g.link ?? null,
  });
  return record.success ? ok(record.data) : err(...zodReasons(record.error));
}

export interface GoverlandOptions extends PolitenessOptions {
  baseUrl: string;
  pageSize: number;
}

/**
 * Goverland's REST core API. Its list is ordered by votes, not by end, so a cycle reads every
 * page (limit/offset up to X-Total-Count) and filters by the cursor itself.
 */
export class GoverlandSource implements ProposalSource {
  readonly name = 'goverland';
  private readonly caller: PoliteCaller;
  private readonly daoIds = new Map<string, string>();
  private readonly base: string;
  private readonly limit: number;

  constructor(opts: GoverlandOptions, log: Logger) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.limit = Math.min(opts.pageSize, 100);
    this.caller = new PoliteCaller('goverland', opts, log.child({ module: 'sources.goverland' }));
  }

  requestCount(): number {
    return this.caller.requests;
  }

  /** Every proposal Goverland holds for the space, validated one by one. */
  async all(space: string): Promise<{ records: ProposalRecord[]; rejects: Reject[] }> {
    const daoId = await this.daoId(space);
    const out: { records: ProposalRecord[]; rejects: Reject[] } = { records: [], rejects: [] };
    for (let offset = 0, total = Infinity; offset < total; offset += this.limit) {
      const q = new URLSearchParams({ dao: daoId, limit: String(this.limit), offset: String(offset) });
      const { body, headers } = await this.get(`/proposals?${q.toString()}`);
      const items = z.array(z.unknown()).safeParse(body);
      if (!items.success) throw new SourceError('goverland: /proposals did not return a JSON array', false);
      const count = Number(headers.get('x-total-count'));
      total = Number.isInteger(count) && count >= 0 ? count : offset + items.data.length + (items.data.length === this.limit ? 1 : 0);
      const v = validateItems(this.name, items.data, (i) => goverlandToRecord(i, space, daoId));
      out.records.push(...v.records);
      out.rejects.push(...v.rejects);
      if (items.data.length === 0) break;
    }
    return out;
  }

  async closedSince(space: string, cursor: Cursor): Promise<Page> {
    const { records, rejects } = await this.all(space);
    const seen = new Set(cursor.ids);
    const wanted = records
      .filter((r) => r.state === 'closed' && r.end >= cursor.end && !seen.has(r.id))
      .sort((a, b) => a.end - b.end || a.id.localeCompare(b.id));
    return { records: wanted, rejects: rejects.filter((r) => r.end === null || r.end >= cursor.end), held: [], done: true };
  }

  async byIds(space: string, ids: string[]): Promise<Page> {
    const daoId = await this.daoId(space);
    const page: Page = { records: [], rejects: [], held: [], done: true };
    for (const id of ids) {
      const found = await this.get(`/proposals/${encodeURIComponent(id)}`, true);
      if (found.body === undefined) continue;
      const v = validateItems(this.name, [found.body], (i) => goverlandToRecord(i, space, daoId));
      page.records.push(...v.records);
      page.rejects.push(...v.rejects);
    }
    return page;
  }

  private async daoId(space: string): Promise<string> {
    const known = this.daoIds.get(space);
    if (known) return known;
    const { body } = await this.get(`/daos/${encodeURIComponent(space)}`);
    const parsed = dao.safeParse(body);
    if (!parsed.success) throw new SourceError(`goverland: /daos/${space} is not a DAO (${zodReasons(parsed.error).join('; ')})`, false);
    this.daoIds.set(space, parsed.data.id);
    return parsed.data.id;
  }

  /** One GET through the polite caller; a 404 yields `body: undefined` when allowed. */
  private get(path: string, allow404 = false): Promise<{ body: unknown; headers: Headers }> {
    return this.caller.call(`GET ${path.split('?')[0]}`, async (signal) => {
      const res = await fetch(this.base + path, { signal, headers: { accept: 'application/json' } });
      if (!res.ok) {
        // Drain the error body so the connection goes back to the pool.
        await res.arrayBuffer().catch(() => undefined);
        if (allow404 && res.status === 404) return { body: undefined, headers: res.headers };
        throw statusError('goverland', res.status, res.headers, Date.now());
      }
      const text = await res.text();
      return { body: JSON.parse(text) as unknown, headers: res.headers };
    });
  }
}
