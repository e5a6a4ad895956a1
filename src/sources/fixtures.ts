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

/**
 * When a dry-run demo on the bundled records starts its virtual clock: one minute after the
 * latest bundled vote ended, so the stale-plan guard lets the demo run. The records themselves
 * are never moved (their signed originals must still verify); the clock is. Null when the file
 * holds no record.
 */
export function fixturesDemoStart(file = FIXTURES_FILE): Date | null {
  let latest = 0;
  try {
    const items = JSON.parse(fs.readFileSync(file, 'utf8')) as { end?: unknown }[];
    for (const it of items) if (typeof it.end === 'number' && it.end > latest) latest = it.end;
  } catch {
    // An unreadable file is reported by the source itself on its first poll.
  }
  return latest === 0 ? null : new Date((latest + 60) * 1000);
}

/**
 * Serves proposal records from a JSON file (an array of ProposalRecord), validated like any
 * other response. It makes no network request.
 */
export class FixturesSource implements ProposalSource {
  readonly name = 'fixtures';

  constructor(private readonly file = FIXTURES_FILE) {}

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
      return r.success ? ok({ ...r.data, origin: 'fixtures' as const }) : { ok: false, errors: zodReasons(r.error) };
    });
    return { records: v.records.filter((r) => r.space === space), rejects: v.rejects, held: [], done: true };
  }

  closedSince(space: string, cursor: Cursor): Promise<Page> {
    const page = this.load(space);
    const seen = new Set(cursor.ids);
    page.records = page.records.filter((r) => r.state === 'closed' && r.end >= cursor.end && !seen.has(r.id)).sort((a, b) => a.end - b.end);
    return Promise.resolve(page);
  }

  byIds(space: string, ids: string[]): Promise<Page> {
    const page = this.load(space);
    page.records = page.records.filter((r) => ids.includes(r.id));
    page.rejects = [];
    return Promise.resolve(page);
  }
}
