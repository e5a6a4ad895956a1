import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../config/load';
import { proposalRecordSchema } from '../domain/proposal';
import { ok } from '../result';
import { SourceError } from './errors';
import { validateItems, zodReasons, type Cursor, type Page, type ProposalSource } from './types';

/** The bundled records: the seed proposal (ROKO #39), so the service runs offline end to end. */
export const FIXTURES_FILE = path.join(packageRoot, 'config', 'fixtures', 'proposals.json');

const OFFSET_KEY = 'fixtures.offsetSeconds';

/**
 * The shift that presents the bundled votes as just ended: a store that first starts at `now`
 * sees the latest bundled vote end one minute earlier, so the stale-plan guard lets the demo
 * run. The shift is computed once and kept in the store, so restarts and other processes on the
 * same data dir see the same times. Whole seconds; every record moves by the same amount.
 */
export function fixturesOffset(store: { get(k: string): string | undefined; set(k: string, v: string, now: Date): void }, now: Date, file = FIXTURES_FILE): number {
  const saved = store.get(OFFSET_KEY);
  if (saved !== undefined) return Number(saved);
  let latest = 0;
  try {
    const items = JSON.parse(fs.readFileSync(file, 'utf8')) as { end?: unknown }[];
    for (const it of items) if (typeof it.end === 'number' && it.end > latest) latest = it.end;
  } catch {
    // An unreadable file is reported by the source itself on its first poll.
  }
  const offset = latest === 0 ? 0 : Math.floor(now.getTime() / 1000) - 60 - latest;
  store.set(OFFSET_KEY, String(offset), now);
  return offset;
}

const shift = (t: number | null, by: number): number | null => (t === null ? null : t + by);

/**
 * Serves proposal records from a JSON file (an array of ProposalRecord), validated like any
 * other response, with their times moved by `offsetSeconds` (see fixturesOffset). It makes no
 * network request.
 */
export class FixturesSource implements ProposalSource {
  readonly name = 'fixtures';

  constructor(
    private readonly file = FIXTURES_FILE,
    private readonly offsetSeconds = 0,
  ) {}

  requestCount(): number {
    return 0;
  }

  private load(space: string): Page {
    let items: unknown;
    try {
      items = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch (e) {
      throw new SourceError(`fixtures: cannot read ${this.file}: ${(e as Error).message}`, false);
    }
    const list = z.array(z.unknown()).safeParse(items);
    if (!list.success) throw new SourceError(`fixtures: ${this.file} is not a JSON array`, false);
    const v = validateItems(this.name, list.data, (item) => {
      const r = proposalRecordSchema.safeParse(item);
      if (!r.success) return { ok: false, errors: zodReasons(r.error) };
      const by = this.offsetSeconds;
      return ok({ ...r.data, origin: 'fixtures' as const, created: r.data.created + by, start: r.data.start + by, end: r.data.end + by, updated: shift(r.data.updated, by) });
    });
    return { records: v.records.filter((r) => r.space === space), rejects: v.rejects, held: [], done: true };
  }

  closedSince(space: string, cursor: Cursor): Promise<Page> {
    const page = this.load(space);
    const seen = new Set(cursor.ids);
    page.records = page.records
      .filter((r) => r.state === 'closed' && r.end >= cursor.end && !seen.has(r.id))
      .sort((a, b) => a.end - b.end);
    return Promise.resolve(page);
  }

  byIds(space: string, ids: string[]): Promise<Page> {
    const page = this.load(space);
    page.records = page.records.filter((r) => ids.includes(r.id));
    page.rejects = [];
    return Promise.resolve(page);
  }
}
