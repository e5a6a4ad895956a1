import { ClientError, GraphQLClient } from 'graphql-request';
import { z } from 'zod';
import { proposalRecordSchema, type ProposalRecord } from '../domain/proposal';
import type { Logger } from '../log';
import { err, ok, type Result } from '../result';
import { SourceError, statusError } from './errors';
import { PoliteCaller, type PolitenessOptions } from './polite';
import { inSpace, validateItems, zodReasons, type Cursor, type Page, type ProposalSource } from './types';

const FIELDS = `id ipfs author created updated space { id } type title body choices start end snapshot
  quorum quorumType state link scores scores_state scores_total votes flagged`;

const CLOSED_SINCE = `query ClosedSince($space: String!, $end: Int!, $first: Int!, $skip: Int!) {
  proposals(first: $first, skip: $skip, orderBy: "end", orderDirection: asc,
            where: { space: $space, state: "closed", end_gte: $end }) { ${FIELDS} }
}`;

const BY_IDS = `query ByIds($space: String!, $ids: [String]!, $first: Int!) {
  proposals(first: $first, where: { space: $space, id_in: $ids }) { ${FIELDS} }
}`;

/** Larger bodies are refused at the door; the parser's own 256 KiB limit applies later. */
const MAX_BODY_CHARS = 1024 * 1024;
/** The hub's own ceilings on `first` and `skip`. */
const HUB_MAX_FIRST = 1000;
const HUB_MAX_SKIP = 5000;

const int = z.number().int();
const hubProposal = z.object({
  id: z.string().min(1),
  ipfs: z.string().nullish(),
  author: z.string(),
  created: int,
  updated: int.nullish(),
  space: z.object({ id: z.string().min(1) }),
  type: z.string().nullish(),
  title: z.string(),
  body: z.string().max(MAX_BODY_CHARS, 'body exceeds 1 MiB').nullish(),
  choices: z.array(z.string()),
  start: int,
  end: int,
  snapshot: z.union([z.string().regex(/^\d{1,20}$/), int.nonnegative().transform(String)]).nullish(),
  quorum: z.number().nonnegative(),
  quorumType: z.string().nullish(),
  state: z.string(),
  link: z.string().nullish(),
  scores: z.array(z.number().nonnegative()),
  scores_state: z.string().nullish(),
  scores_total: z.number().nonnegative().nullish(),
  votes: int.nullish(),
  flagged: z.boolean().nullish(),
});

const proposalsResponse = z.object({ proposals: z.array(z.unknown()) });

/** Validates one hub item and maps it to the shared record. */
export function hubToRecord(item: unknown): Result<ProposalRecord> {
  const p = hubProposal.safeParse(item);
  if (!p.success) return err(...zodReasons(p.error));
  const h = p.data;
  const record = proposalRecordSchema.safeParse({
    id: h.id,
    origin: 'snapshot',
    space: h.space.id,
    title: h.title,
    body: h.body ?? '',
    author: h.author,
    type: h.type ?? null,
    choices: h.choices,
    created: h.created,
    updated: h.updated ?? null,
    start: h.start,
    end: h.end,
    state: h.state,
    scores: h.scores,
    scoresTotal: h.scores_total ?? h.scores.reduce((a, b) => a + b, 0),
    scoresState: h.scores_state ?? null,
    quorum: h.quorum,
    quorumType: h.quorumType ?? null,
    flagged: h.flagged ?? false,
    votes: h.votes ?? null,
    ipfs: h.ipfs ?? null,
    snapshot: h.snapshot ?? null,
    link: h.link ?? null,
  });
  return record.success ? ok(record.data) : err(...zodReasons(record.error));
}

export interface SnapshotOptions extends PolitenessOptions {
  hubUrl: string;
  pageSize: number;
  apiKey?: string;
}

/** The Snapshot hub's GraphQL API, read politely through graphql-request. */
export class SnapshotSource implements ProposalSource {
  readonly name = 'snapshot';
  private readonly client: GraphQLClient;
  private readonly caller: PoliteCaller;
  private readonly pageSize: number;

  constructor(opts: SnapshotOptions, log: Logger) {
    this.pageSize = Math.min(opts.pageSize, HUB_MAX_FIRST);
    // The key travels only in this header; it is never part of a log line or an error message.
    const headers: Record<string, string> = opts.apiKey ? { 'x-api-key': opts.apiKey } : {};
    this.client = new GraphQLClient(opts.hubUrl, { headers, fetch: globalThis.fetch });
    this.caller = new PoliteCaller('snapshot', opts, log.child({ module: 'sources.snapshot' }));
  }

  requestCount(): number {
    return this.caller.requests;
  }

  async closedSince(space: string, cursor: Cursor, skip: number): Promise<Page> {
    if (skip > HUB_MAX_SKIP) {
      throw new SourceError(`snapshot: more than ${HUB_MAX_SKIP} proposals share end ${cursor.end}; the hub cannot page past them`, false);
    }
    const items = await this.query('closed proposals', CLOSED_SINCE, { space, end: cursor.end, first: this.pageSize, skip });
    return { ...validateItems(this.name, items, inSpace(space, hubToRecord)), held: [], done: items.length < this.pageSize };
  }

  async byIds(space: string, ids: string[]): Promise<Page> {
    const page: Page = { records: [], rejects: [], held: [], done: true };
    for (let i = 0; i < ids.length; i += HUB_MAX_FIRST) {
      const chunk = ids.slice(i, i + HUB_MAX_FIRST);
      const items = await this.query('proposals by id', BY_IDS, { space, ids: chunk, first: chunk.length });
      const v = validateItems(this.name, items, inSpace(space, hubToRecord));
      page.records.push(...v.records);
      page.rejects.push(...v.rejects);
    }
    return page;
  }

  private query(what: string, document: string, variables: Record<string, unknown>): Promise<unknown[]> {
    return this.caller.call(what, async (signal) => {
      let data: unknown;
      try {
        ({ data } = await this.client.rawRequest<unknown>({ query: document, variables, signal }));
      } catch (e) {
        if (!(e instanceof ClientError)) throw e;
        const status = e.response.status;
        if (status === 429 || status >= 400) throw statusError('snapshot', status, e.response.headers as Headers | undefined, Date.now());
        const messages = (e.response.errors ?? []).map((g) => g.message).join('; ');
        throw new SourceError(`snapshot: the hub answered with GraphQL errors: ${messages || 'no data'}`, false);
      }
      const parsed = proposalsResponse.safeParse(data);
      if (!parsed.success) {
        throw new SourceError(`snapshot: unexpected response shape (${zodReasons(parsed.error).join('; ')})`, false);
      }
      return parsed.data.proposals;
    });
  }
}
