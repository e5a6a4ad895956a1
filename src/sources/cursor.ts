import type { Cursor, Page } from './types';

/**
 * Where the walk stands after a page: the latest end second on it and every id seen at that
 * second (merged with the old cursor's ids when the second did not change). Quarantined items
 * with a readable id and end count too, so a broken record is stepped over, not fetched forever
 * (it stays in quarantine and is re-checked by id). `stalled` means a full page held nothing past
 * the cursor's second: the next request must skip over it.
 */
export function advance(cursor: Cursor, page: Page, nowSec: number): { cursor: Cursor; stalled: boolean; items: number } {
  const keys: { id: string; end: number }[] = [
    ...page.records,
    ...page.held.map((h) => h.record),
    ...page.rejects.flatMap((r) => (r.proposalId !== null && r.end !== null ? [{ id: r.proposalId, end: r.end }] : [])),
    // An end in the future (a wrong or hostile answer) must never carry the cursor past
    // proposals that have not closed yet.
  ].filter((k) => k.end >= cursor.end && k.end <= nowSec);
  const items = page.records.length + page.held.length + page.rejects.length;
  if (keys.length === 0) return { cursor, stalled: false, items };
  const maxEnd = Math.max(...keys.map((k) => k.end));
  const atMax = keys.filter((k) => k.end === maxEnd).map((k) => k.id);
  const ids = maxEnd === cursor.end ? [...new Set([...cursor.ids, ...atMax])] : [...new Set(atMax)];
  return { cursor: { end: maxEnd, ids: ids.sort() }, stalled: maxEnd === cursor.end && !page.done, items };
}
