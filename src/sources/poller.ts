import type { ProposalRecord } from '../domain/proposal';
import type { Verdict } from '../domain/rules';
import type { Job } from '../jobs/job';
import type { Logger } from '../log';
import type { IngestCounts, ProposalStore } from '../store/proposals';
import { advance } from './cursor';
import { SourceError } from './errors';
import { storeProblemOf } from '../store/problem';
import type { Cursor, Page, ProposalSource } from './types';

/**
 * What the rules/lifecycle engine said of a record, as the poller keeps it: the domain's verdict
 * without its tally, and `executable` null when no engine was asked.
 */
export type HandedOn = Pick<Verdict, 'problems' | 'reasons'> & { executable: boolean | null };
/** The rules/lifecycle engine's hook: called once per closed, final record. */
export type OnProposal = (record: ProposalRecord) => Promise<HandedOn> | HandedOn;

/** One line of `govbridge poll` output per proposal handed on: the record and its verdict. */
export type ProcessedLine = { id: string; title: string; end: string } & HandedOn;

export interface PollReport {
  space: string;
  source: string;
  requests: number;
  pages: number;
  processed: ProcessedLine[];
  counts: IngestCounts;
  cursor: Cursor;
  /** Why the walk stopped early, when it did; what was stored before that is kept. */
  error: string | null;
  /** A stable label for `error` (timeout, http-429, circuit-open, ...) for metrics; null when none. */
  errorKind: string | null;
}

export interface PollerDeps {
  source: ProposalSource;
  store: ProposalStore;
  log: Logger;
  space: string;
  onProposal?: OnProposal;
  /** Runs after the records are handed on, every cycle (retrying the signed-original checks). */
  afterCycle?: (now: Date) => Promise<void>;
  /** A guard against a source that never says "done". */
  maxPagesPerRun?: number;
}

const zeroCounts = (): IngestCounts => ({ added: 0, finalised: 0, duplicates: 0, pending: 0, held: 0, quarantined: 0 });

/**
 * One poll cycle: re-check the records that were not final, walk the closed proposals from the
 * stored cursor page by page (each page and its cursor committed together, so a crash or restart
 * resumes where it stopped), then hand every new final record to `onProposal` exactly once.
 */
export class Poller implements Job {
  readonly name = 'poll';
  private readonly log: Logger;
  private running: Promise<PollReport> | null = null;

  constructor(private readonly deps: PollerDeps) {
    this.log = deps.log.child({ module: 'sources.poller' });
  }

  /** Never rejects: failures are logged and reported in `error`. Overlapping calls share one run. */
  runOnce(now: Date): Promise<PollReport> {
    this.running ??= this.run(now).finally(() => (this.running = null));
    return this.running;
  }

  private async run(now: Date): Promise<PollReport> {
    const { source, store, space } = this.deps;
    const before = source.requestCount();
    const report: PollReport = {
      space,
      source: source.name,
      requests: 0,
      pages: 0,
      processed: [],
      counts: zeroCounts(),
      cursor: await store.cursor(space),
      error: null,
      errorKind: null,
    };
    try {
      const recheck = await store.recheckIds(space, now);
      if (recheck.length > 0) await this.ingest(report, await source.byIds(space, recheck), null, now);
      await this.walk(report, now);
    } catch (e) {
      report.error = (e as Error).message;
      // A store error while ingesting is ours, not the hub's: it is labelled so metrics say so.
      const store = storeProblemOf(e);
      report.errorKind = e instanceof SourceError ? e.kind : store ? `store:${store}` : 'internal';
      this.log.error('poll stopped early; will resume from the cursor', { space, error: report.error, cursor: report.cursor });
    }
    try {
      await this.handOn(report, now);
    } catch (e) {
      report.error ??= (e as Error).message;
      report.errorKind ??= 'internal';
      this.log.error('handing on proposals failed', { space, error: (e as Error).message });
    }
    try {
      await this.deps.afterCycle?.(now);
    } catch (e) {
      this.log.error('after-cycle work failed; it runs again next cycle', { space, error: (e as Error).message });
    }
    report.requests = source.requestCount() - before;
    this.log.info('poll done', {
      space,
      requests: report.requests,
      pages: report.pages,
      processed: report.processed.length,
      ...report.counts,
    });
    return report;
  }

  private async walk(report: PollReport, now: Date): Promise<void> {
    const max = this.deps.maxPagesPerRun ?? 1000;
    let skip = 0;
    for (let n = 0; n < max; n++) {
      const page = await this.deps.source.closedSince(report.space, report.cursor, skip);
      const next = advance(report.cursor, page, Math.floor(now.getTime() / 1000));
      await this.ingest(report, page, next.cursor, now);
      report.pages += 1;
      report.cursor = next.cursor;
      if (page.done) return;
      skip = next.stalled ? skip + next.items : 0;
    }
    this.log.warn('page limit reached; the walk continues next cycle', { space: report.space, pages: max });
  }

  private async ingest(report: PollReport, page: Page, cursor: Cursor | null, now: Date): Promise<void> {
    const counts = await this.deps.store.ingest(report.space, page, cursor, now);
    for (const k of Object.keys(counts) as (keyof IngestCounts)[]) report.counts[k] += counts[k];
    for (const r of page.rejects) this.log.warn('record quarantined', { source: r.source, id: r.proposalId, reason: r.reason });
    for (const d of page.held) {
      this.log.error('ALERT: sources disagree on a proposal; it is held', {
        alert: true,
        id: d.record.id,
        fields: d.fields,
        origins: [d.record.origin, d.other.origin],
      });
    }
  }

  private async handOn(report: PollReport, now: Date): Promise<void> {
    for (const record of await this.deps.store.toProcess(report.space)) {
      let verdict: HandedOn;
      try {
        verdict = this.deps.onProposal ? await this.deps.onProposal(record) : { executable: null, problems: [], reasons: [] };
      } catch (e) {
        // Left as new: the next cycle offers it again.
        this.log.error('proposal handler failed', { id: record.id, error: (e as Error).message });
        continue;
      }
      await this.deps.store.markDone(record.id, verdict, now);
      const { executable, problems, reasons } = verdict;
      const end = new Date(record.end * 1000).toISOString();
      report.processed.push({ id: record.id, title: record.title, end, executable, problems, reasons });
    }
  }
}
