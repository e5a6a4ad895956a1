import type { AuditSink } from '../governance/audit-sink';

/** One refused request as the audit trail keeps it: a code and words of our own, never the body's values. */
export interface Refusal {
  /** Stable reason code, e.g. `ops.bad-signature`, `body.too-large`, `rate-limited`. */
  code: string;
  /** Our own sentence (it may name a configured key, never echo what the client sent). */
  reason: string;
  /** Only a plan that exists: an id a client made up is not written down. */
  planId?: string | null;
  /** Field names with their problem codes (`nonce:invalid_format`), for malformed bodies. */
  fields?: string[];
}

const MAX_REASON = 200;
const MAX_FIELDS = 10;
const MAX_FIELD = 60;
const WINDOW_MS = 60_000;

const cut = (s: string, n: number): string => (s.length > n ? s.slice(0, n - 1) + '…' : s);

/**
 * Writes refusals to the audit trail, bounded in size and in rate: at most `maxPerMinute` entries
 * in any window of a minute of real time (counted on `wallClock`, because a sped-up demo clock
 * must not loosen the bound). Refusals over the budget are counted by code, and the counts are
 * written as one summary entry when the window has closed: on the next refusal, or by a timer
 * armed only while counts are pending. A flood therefore cannot grow the trail faster than the
 * budget, and nothing it did goes unrecorded.
 */
export class RefusalAudit {
  private windowStart = -Infinity;
  private written = 0;
  private suppressed = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly audit: AuditSink,
    private readonly maxPerMinute: number,
    private readonly clock: () => Date,
    private readonly wallClock: () => number = Date.now,
    /** Told when a summary the timer writes fails (nobody awaits the timer). */
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  /**
   * Counts the refusal against the budget and issues its write (after a pending summary's) at
   * once, before anything is awaited, so refusals arriving together are bounded and ordered
   * exactly as one after the other; resolves once what it wrote is written.
   */
  async record(r: Refusal, now: Date): Promise<void> {
    const summary = this.roll(now);
    if (this.written >= this.maxPerMinute) {
      this.suppressed.set(r.code, (this.suppressed.get(r.code) ?? 0) + 1);
      this.arm();
      await summary;
      return;
    }
    this.written += 1;
    const fields = r.fields?.slice(0, MAX_FIELDS).map((f) => cut(f, MAX_FIELD));
    const entry = this.audit.append(
      {
        actor: 'ops',
        action: 'ops.refused',
        planId: r.planId ?? null,
        reason: cut(r.reason, MAX_REASON),
        data: fields?.length ? { code: r.code, fields } : { code: r.code },
      },
      now,
    );
    await Promise.all([summary, entry]);
  }

  /** Writes the pending summary if the window has closed; the timer calls it, so may anyone. */
  async flush(now: Date = this.clock()): Promise<void> {
    await this.roll(now);
  }

  /** Stops the timer (at shutdown); pending counts are written first. */
  async close(now: Date = this.clock()): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.writeSummary(now);
  }

  /**
   * Opens a new window when the last one has closed. The counting (and the summary's write) is
   * started before it returns; the promise is that write, resolved at once when there is none.
   */
  private roll(now: Date): Promise<void> {
    const t = this.wallClock();
    if (t - this.windowStart < WINDOW_MS) return Promise.resolve();
    this.windowStart = t;
    this.written = 0;
    if (this.suppressed.size === 0) return Promise.resolve();
    // The summary is the first entry of the new window and counts against its budget.
    this.written = 1;
    return this.writeSummary(now);
  }

  /** Takes the pending counts and issues their entry before its first await; nothing when none are pending. */
  private async writeSummary(now: Date): Promise<void> {
    if (this.suppressed.size === 0) return;
    const counts = Object.fromEntries([...this.suppressed].sort((a, b) => b[1] - a[1]));
    const total = Object.values(counts).reduce((s, n) => s + n, 0);
    const parts = Object.entries(counts).map(([code, n]) => `${n} of kind ${code}`);
    this.suppressed = new Map();
    await this.audit.append(
      {
        actor: 'ops',
        action: 'ops.refused.summary',
        reason: cut(`${total} more refusals in the last minute, not written one by one: ${parts.join(', ')}`, MAX_REASON),
        data: { suppressed: counts, total },
      },
      now,
    );
  }

  private arm(): void {
    if (this.timer) return;
    const wait = Math.max(1000, this.windowStart + WINDOW_MS - this.wallClock() + 10);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(this.onError);
      if (this.suppressed.size > 0) this.arm();
    }, wait);
    this.timer.unref();
  }
}
