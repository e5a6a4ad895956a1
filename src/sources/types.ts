import { z } from 'zod';
import type { ProposalRecord } from '../domain/proposal';
import { err, type Result } from '../result';

/**
 * Where the walk through closed proposals stands: the latest `end` (Unix s) fully ingested and
 * the ids already seen at exactly that second, so proposals sharing an end second are not lost.
 */
export interface Cursor {
  end: number;
  ids: string[];
}

export const START_CURSOR: Cursor = { end: 0, ids: [] };

/** A response item that failed validation: kept with the reason, never acted on. */
export interface Reject {
  source: string;
  proposalId: string | null;
  /** Unix s of the item's end when readable, so the cursor can step past it. */
  end: number | null;
  raw: string;
  reason: string;
}

/** A record whose two sources disagree: held, never passed on. */
export interface Disagreement {
  record: ProposalRecord;
  other: ProposalRecord;
  fields: string[];
}

export interface Page {
  records: ProposalRecord[];
  rejects: Reject[];
  held: Disagreement[];
  /** True when the source has nothing beyond this page. */
  done: boolean;
}

/** Anything that can list the closed proposals of a space: the hub, Goverland, fixtures. */
export interface ProposalSource {
  readonly name: string;
  /** Closed proposals of `space` with end ≥ cursor.end, ascending by end; `skip` pages past a tie. */
  closedSince(space: string, cursor: Cursor, skip: number): Promise<Page>;
  /** The current version of the given proposals, to re-check those not final yet. */
  byIds(space: string, ids: string[]): Promise<Page>;
  /** HTTP requests sent so far, retries included. */
  requestCount(): number;
}

export const emptyPage = (done = true): Page => ({ records: [], rejects: [], held: [], done });

const itemKey = z.object({ id: z.string().min(1), end: z.number().int() });

/** Validates each raw item on its own so one bad record never sinks the rest of its page. */
export function validateItems(
  source: string,
  items: unknown[],
  toRecord: (item: unknown) => Result<ProposalRecord>,
): { records: ProposalRecord[]; rejects: Reject[] } {
  const records: ProposalRecord[] = [];
  const rejects: Reject[] = [];
  for (const item of items) {
    const r = toRecord(item);
    if (r.ok) {
      records.push(r.value);
      continue;
    }
    const key = itemKey.partial().safeParse(item);
    rejects.push({
      source,
      proposalId: key.success ? (key.data.id ?? null) : null,
      end: key.success ? (key.data.end ?? null) : null,
      raw: JSON.stringify(item) ?? String(item),
      reason: r.errors.join('; '),
    });
  }
  return { records, rejects };
}

/** Formats zod issues as "path: message" so a quarantine reason names the bad field. */
export function zodReasons(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`);
}

/** Wraps a mapper so that a record of another space is refused, whatever the server filtered. */
export function inSpace(space: string, toRecord: (item: unknown) => Result<ProposalRecord>): (item: unknown) => Result<ProposalRecord> {
  return (item) => {
    const r = toRecord(item);
    return r.ok && r.value.space !== space ? err(`space: belongs to ${r.value.space}, not ${space}`) : r;
  };
}
