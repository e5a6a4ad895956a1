import type { ProposalRecord } from '../domain/proposal';
import type { Logger } from '../log';
import { disagreements } from './disagreement';
import { realTiming, type Timing } from './rate-limit';
import type { GoverlandSource } from './goverland';
import type { Cursor, Page, ProposalSource } from './types';

/**
 * The hub first, Goverland when the hub fails. Every final record the hub serves is compared
 * with Goverland's copy; a disagreement on body or scores holds the record and raises an alert,
 * because one of the two is wrong and money must not move on a guess.
 */
export class FallbackSource implements ProposalSource {
  readonly name = 'snapshot+goverland';
  private cache: { space: string; at: number; byId: Map<string, ProposalRecord> } | null = null;
  private readonly log: Logger;

  constructor(
    private readonly primary: ProposalSource,
    private readonly secondary: GoverlandSource,
    log: Logger,
    /**
     * Goverland's full listing is reused for this long, so a multi-page walk reads it once; closed,
     * final proposals do not change, and an id missing from the copy forces a fresh read.
     */
    private readonly cacheMs = 10 * 60_000,
    private readonly timing: Timing = realTiming,
  ) {
    this.log = log.child({ module: 'sources.fallback' });
  }

  requestCount(): number {
    return this.primary.requestCount() + this.secondary.requestCount();
  }

  async closedSince(space: string, cursor: Cursor, skip: number): Promise<Page> {
    let page: Page;
    try {
      page = await this.primary.closedSince(space, cursor, skip);
    } catch (e) {
      this.log.warn('hub failed, reading Goverland instead', { error: (e as Error).message });
      return this.secondary.closedSince(space, cursor);
    }
    return this.crossCheck(space, page);
  }

  async byIds(space: string, ids: string[]): Promise<Page> {
    try {
      return await this.crossCheck(space, await this.primary.byIds(space, ids));
    } catch (e) {
      this.log.warn('hub failed, reading Goverland instead', { error: (e as Error).message });
      return this.secondary.byIds(space, ids);
    }
  }

  private async crossCheck(space: string, page: Page): Promise<Page> {
    const final = page.records.filter((r) => r.state === 'closed' && r.scoresState === 'final');
    if (final.length === 0) return page;
    let theirs: Map<string, ProposalRecord>;
    try {
      theirs = await this.goverlandCopies(
        space,
        final.map((r) => r.id),
      );
    } catch (e) {
      this.log.warn('Goverland unavailable, records not cross-checked', { error: (e as Error).message, count: final.length });
      return page;
    }
    const unchecked = final.filter((r) => !theirs.has(r.id)).map((r) => r.id);
    if (unchecked.length > 0)
      this.log.warn('records missing on Goverland, not cross-checked', { ids: unchecked.slice(0, 20), count: unchecked.length });
    const out: Page = { ...page, records: [], held: [...page.held] };
    for (const record of page.records) {
      const other = theirs.get(record.id);
      const fields = other && record.scoresState === 'final' ? disagreements(record, other) : [];
      if (other && fields.length > 0) out.held.push({ record, other, fields });
      else out.records.push(record);
    }
    return out;
  }

  private async goverlandCopies(space: string, ids: string[]): Promise<Map<string, ProposalRecord>> {
    const now = this.timing.now();
    const c = this.cache;
    // Within a minute the copy is used as it is, so ids Goverland lacks cannot force a read per page.
    const age = c && c.space === space ? now - c.at : Infinity;
    if (age < 60_000 || (age < this.cacheMs && ids.every((id) => c!.byId.has(id)))) return c!.byId;
    const { records } = await this.secondary.all(space);
    this.cache = { space, at: now, byId: new Map(records.map((r) => [r.id, r])) };
    return this.cache.byId;
  }
}
