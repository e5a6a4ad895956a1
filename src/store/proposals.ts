import type { Selectable } from 'kysely';
import { proposalRecordSchema, type ProposalRecord } from '../domain/proposal';
import type { Cursor, Disagreement, Reject } from '../sources/types';
import type { Db } from './db';
import type { Schema } from './schema';

export type ProposalStatus = 'new' | 'final-pending' | 'held' | 'done';

export interface StoredProposal {
  record: ProposalRecord;
  status: ProposalStatus;
  origin: string;
  firstSeen: string;
  executable: boolean | null;
  reasons: string[] | null;
}

export interface QuarantineRow {
  source: string;
  proposalId: string | null;
  raw: string;
  reason: string;
  times: number;
  resolved: boolean;
}

/** What one page changed in the store. */
export interface IngestCounts {
  added: number;
  finalised: number;
  duplicates: number;
  pending: number;
  held: number;
  quarantined: number;
}

const isFinal = (r: ProposalRecord): boolean => r.state === 'closed' && r.scoresState === 'final';

type Row = Pick<Selectable<Schema['proposals']>, 'record_json' | 'status' | 'origin' | 'first_seen' | 'executable' | 'reasons_json'>;

/** Every query about proposals seen, the cursor, quarantine and disagreements. */
export class ProposalStore {
  constructor(private readonly db: Db) {}

  async cursor(space: string): Promise<Cursor> {
    const row = await this.db.q.selectFrom('source_cursors').select(['end_at', 'ids_json']).where('space', '=', space).executeTakeFirst();
    return row ? { end: row.end_at, ids: JSON.parse(row.ids_json) as string[] } : { end: 0, ids: [] };
  }

  async get(id: string): Promise<StoredProposal | undefined> {
    const row = await this.db.q
      .selectFrom('proposals')
      .select(['record_json', 'status', 'origin', 'first_seen', 'executable', 'reasons_json'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toStored(row);
  }

  /** When this store first saw a proposal; undefined for one it never saw. */
  async firstSeen(id: string): Promise<Date | undefined> {
    const row = await this.db.q.selectFrom('proposals').select('first_seen').where('id', '=', id).executeTakeFirst();
    return row ? new Date(row.first_seen) : undefined;
  }

  /** Stores one page and the cursor after it in one transaction: a crash keeps both or neither. */
  async ingest(
    space: string,
    page: { records: ProposalRecord[]; rejects: Reject[]; held: Disagreement[] },
    cursor: Cursor | null,
    now: Date,
  ): Promise<IngestCounts> {
    const at = now.toISOString();
    const counts: IngestCounts = { added: 0, finalised: 0, duplicates: 0, pending: 0, held: 0, quarantined: 0 };
    await this.db.tx(async () => {
      // The statuses of the page's proposals are read once, then kept current here as the page
      // is written (a record seen twice in a page finds its first copy), and quarantine rows the
      // page heals are resolved in one statement: a page costs about one query per record.
      const known = await this.statuses([...page.records.map((r) => r.id), ...page.held.map((d) => d.record.id)]);
      await this.resolveQuarantine(
        space,
        page.records.map((r) => r.id),
        at,
      );
      for (const record of page.records) await this.upsert(space, record, at, counts, known);
      for (const d of page.held) await this.hold(space, d, at, counts, known);
      for (const reject of page.rejects) await this.quarantine(space, reject, at, counts);
      if (cursor) await this.setCursor(space, cursor, at);
    });
    return counts;
  }

  /** Final records not yet handed on, oldest end first. */
  async toProcess(space: string): Promise<ProposalRecord[]> {
    const rows = await this.db.q
      .selectFrom('proposals')
      .select('record_json')
      .where('space', '=', space)
      .where('status', '=', 'new')
      .orderBy('end_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => proposalRecordSchema.parse(JSON.parse(r.record_json)));
  }

  async markDone(id: string, verdict: { executable: boolean | null; reasons: string[] }, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db.q
      .updateTable('proposals')
      .set({
        status: 'done',
        executable: verdict.executable === null ? null : Number(verdict.executable),
        reasons_json: JSON.stringify(verdict.reasons),
        processed_at: at,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('status', '=', 'new')
      .execute();
  }

  /**
   * Ids to ask the source about again: closed but not final, or quarantined within the last
   * `quarantineWindowMs` and not since resolved. The window bounds what a record that never
   * heals costs: after it, idle cycles are back to one request.
   */
  async recheckIds(space: string, now: Date, quarantineWindowMs = 24 * 3600_000): Promise<string[]> {
    const since = new Date(now.getTime() - quarantineWindowMs).toISOString();
    const rows = await this.db.q
      .selectFrom('proposals')
      .select('id')
      .where('space', '=', space)
      .where('status', '=', 'final-pending')
      .union((eb) =>
        eb
          .selectFrom('quarantine')
          .select('proposal_id as id')
          .where('space', '=', space)
          .where('resolved_at', 'is', null)
          .where('proposal_id', 'is not', null)
          .where('first_seen', '>=', since)
          .where('proposal_id', 'not in', eb.selectFrom('proposals').select('id'))
          .$narrowType<{ id: string }>(),
      )
      .execute();
    return rows.map((r) => r.id).sort();
  }

  async quarantined(space: string): Promise<QuarantineRow[]> {
    const rows = await this.db.q
      .selectFrom('quarantine')
      .select(['source', 'proposal_id', 'raw', 'reason', 'times', 'resolved_at'])
      .where('space', '=', space)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      source: r.source,
      proposalId: r.proposal_id,
      raw: r.raw,
      reason: r.reason,
      times: r.times,
      resolved: r.resolved_at !== null,
    }));
  }

  async disagreements(id: string): Promise<{ fields: string[]; other: ProposalRecord }[]> {
    const rows = await this.db.q
      .selectFrom('source_disagreements')
      .select(['fields', 'other_json'])
      .where('proposal_id', '=', id)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ fields: r.fields.split(','), other: proposalRecordSchema.parse(JSON.parse(r.other_json)) }));
  }

  async countByStatus(space: string): Promise<Record<ProposalStatus, number>> {
    const out: Record<ProposalStatus, number> = { new: 0, 'final-pending': 0, held: 0, done: 0 };
    const rows = await this.db.q
      .selectFrom('proposals')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .where('space', '=', space)
      .groupBy('status')
      .execute();
    for (const r of rows) out[r.status as ProposalStatus] = Number(r.n);
    return out;
  }

  /** The stored status of each of `ids` that is stored. */
  private async statuses(ids: readonly string[]): Promise<Map<string, ProposalStatus>> {
    const out = new Map<string, ProposalStatus>();
    for (const chunk of chunks([...new Set(ids)])) {
      const rows = await this.db.q.selectFrom('proposals').select(['id', 'status']).where('id', 'in', chunk).execute();
      for (const r of rows) out.set(r.id, r.status as ProposalStatus);
    }
    return out;
  }

  /** A quarantined reject is healed once its proposal arrives valid. */
  private async resolveQuarantine(space: string, ids: readonly string[], at: string): Promise<void> {
    for (const chunk of chunks([...new Set(ids)])) {
      await this.db.q
        .updateTable('quarantine')
        .set({ resolved_at: at })
        .where('space', '=', space)
        .where('resolved_at', 'is', null)
        .where('proposal_id', 'in', chunk)
        .execute();
    }
  }

  private async upsert(
    space: string,
    record: ProposalRecord,
    at: string,
    counts: IngestCounts,
    known: Map<string, ProposalStatus>,
  ): Promise<void> {
    const existing = known.get(record.id);
    const status: ProposalStatus = isFinal(record) ? 'new' : 'final-pending';
    if (!existing) {
      await this.db.q
        .insertInto('proposals')
        .values({
          id: record.id,
          space,
          origin: record.origin,
          status,
          end_at: record.end,
          record_json: JSON.stringify(record),
          first_seen: at,
          updated_at: at,
        })
        .execute();
      known.set(record.id, status);
      counts.added += 1;
      if (status === 'final-pending') counts.pending += 1;
    } else if (existing === 'final-pending') {
      await this.db.q
        .updateTable('proposals')
        .set({ origin: record.origin, status, end_at: record.end, record_json: JSON.stringify(record), updated_at: at })
        .where('id', '=', record.id)
        .execute();
      known.set(record.id, status);
      if (status === 'new') counts.finalised += 1;
      else counts.pending += 1;
    } else {
      counts.duplicates += 1;
    }
  }

  private async hold(space: string, d: Disagreement, at: string, counts: IngestCounts, known: Map<string, ProposalStatus>): Promise<void> {
    await this.db.q
      .insertInto('source_disagreements')
      .values({
        proposal_id: d.record.id,
        fields: d.fields.join(','),
        record_json: JSON.stringify(d.record),
        other_json: JSON.stringify(d.other),
        seen_at: at,
      })
      .execute();
    if (known.get(d.record.id) === 'done') return;
    await this.db.q
      .insertInto('proposals')
      .values({
        id: d.record.id,
        space,
        origin: d.record.origin,
        status: 'held',
        end_at: d.record.end,
        record_json: JSON.stringify(d.record),
        first_seen: at,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          status: 'held',
          record_json: eb.ref('excluded.record_json'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    known.set(d.record.id, 'held');
    counts.held += 1;
  }

  private async quarantine(space: string, r: Reject, at: string, counts: IngestCounts): Promise<void> {
    // A reject without a proposal id matches the open row without one: `=` never matches NULL.
    const open = await this.db.q
      .selectFrom('quarantine')
      .select('id')
      .where('space', '=', space)
      .where('source', '=', r.source)
      .where('proposal_id', r.proposalId === null ? 'is' : '=', r.proposalId)
      .where('reason', '=', r.reason)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    if (open) {
      await this.db.q
        .updateTable('quarantine')
        .set((eb) => ({ last_seen: at, times: eb('times', '+', 1), raw: r.raw }))
        .where('id', '=', open.id)
        .execute();
      return;
    }
    await this.db.q
      .insertInto('quarantine')
      .values({ space, source: r.source, proposal_id: r.proposalId, raw: r.raw, reason: r.reason, first_seen: at, last_seen: at })
      .execute();
    counts.quarantined += 1;
  }

  private async setCursor(space: string, cursor: Cursor, at: string): Promise<void> {
    const values = { end_at: cursor.end, ids_json: JSON.stringify([...cursor.ids].sort()), updated_at: at };
    await this.db.q
      .insertInto('source_cursors')
      .values({ space, ...values })
      .onConflict((oc) => oc.column('space').doUpdateSet(values))
      .execute();
  }
}

/** Lists of ids for `IN (...)`, short enough for any driver's limit on bound parameters. */
function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function toStored(row: Row): StoredProposal {
  return {
    record: proposalRecordSchema.parse(JSON.parse(row.record_json)),
    status: row.status as ProposalStatus,
    origin: row.origin,
    firstSeen: row.first_seen,
    executable: row.executable === null ? null : row.executable === 1,
    reasons: row.reasons_json === null ? null : (JSON.parse(row.reasons_json) as string[]),
  };
}
