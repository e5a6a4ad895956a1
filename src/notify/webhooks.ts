import type { Logger } from '../log';
import { toJsonText } from '../json';
import { formatBody, subscribed, type Notification, type WebhookFormat } from './events';

export interface WebhookTarget {
  url: string;
  events: string[];
  format: WebhookFormat;
}

export interface WebhookOptions {
  /** Deliveries waiting at most; when full the oldest waiting one is dropped (and logged). */
  maxQueue?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
}

/** Webhook URLs often carry a secret token in the path (Slack, Discord): log only the host. */
const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid url)';
  }
};

interface Delivery {
  target: WebhookTarget;
  body: string;
  event: string;
  attempts: number;
  notBefore: number;
}

/**
 * Webhook notifications: `notify` only enqueues and returns at once, so the executor is never
 * held up by a slow or dead receiver. One worker sends deliveries in order; a failure (network,
 * timeout, 408, 429, 5xx) is retried with exponential backoff (Retry-After honoured, capped);
 * other 4xx answers mean the receiver will never take it, so it is dropped and logged.
 */
export class WebhookNotifier {
  private readonly queue: Delivery[] = [];
  private readonly opts: Required<WebhookOptions>;
  private readonly log: Logger;
  private working = false;
  private timer: NodeJS.Timeout | undefined;
  private idle: (() => void)[] = [];
  private stopped = false;
  readonly stats = { delivered: 0, failed: 0, dropped: 0, attempts: 0 };

  constructor(
    private readonly targets: WebhookTarget[],
    log: Logger,
    opts: WebhookOptions = {},
  ) {
    this.log = log.child({ module: 'notify' });
    this.opts = { maxQueue: 1000, maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: 10_000, ...opts };
  }

  notify(n: Notification): void {
    if (this.stopped) return;
    for (const target of this.targets) {
      if (!subscribed(target.events, n.event)) continue;
      if (this.queue.length >= this.opts.maxQueue) {
        const dropped = this.queue.shift()!;
        this.stats.dropped += 1;
        this.log.warn('webhook queue full, oldest delivery dropped', { webhook: hostOf(dropped.target.url), event: dropped.event });
      }
      this.queue.push({ target, body: toJsonText(formatBody(n, target.format)), event: n.event, attempts: 0, notBefore: 0 });
    }
    this.kick();
  }

  /** Deliveries queued or in flight. */
  pending(): number {
    return this.queue.length + (this.working ? 1 : 0);
  }

  /** Resolves once every queued delivery was sent or given up (tests, shutdown). */
  drain(): Promise<void> {
    if (this.queue.length === 0 && !this.working) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops retrying; what is still queued is logged as lost. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.queue.length) this.log.warn('webhook deliveries abandoned at shutdown', { count: this.queue.length });
    this.queue.length = 0;
    this.settle();
  }

  private kick(): void {
    if (!this.working) void this.work();
  }

  private settle(): void {
    if (this.queue.length === 0 && !this.working) for (const r of this.idle.splice(0)) r();
  }

  private async work(): Promise<void> {
    this.working = true;
    clearTimeout(this.timer);
    try {
      for (;;) {
        const now = Date.now();
        const i = this.queue.findIndex((d) => d.notBefore <= now);
        if (i < 0) break;
        const d = this.queue.splice(i, 1)[0]!;
        const retryInMs = await this.send(d);
        if (retryInMs !== null && !this.stopped) this.queue.push({ ...d, notBefore: Date.now() + retryInMs });
      }
    } finally {
      this.working = false;
    }
    if (this.queue.length > 0 && !this.stopped) {
      const wait = Math.max(0, Math.min(...this.queue.map((d) => d.notBefore)) - Date.now());
      this.timer = setTimeout(() => this.kick(), wait);
      this.timer.unref();
    }
    this.settle();
  }

  /** One attempt; returns the delay before the next attempt, or null when done with it. */
  private async send(d: Delivery): Promise<number | null> {
    d.attempts += 1;
    this.stats.attempts += 1;
    let problem: string;
    let retryAfterMs: number | null = null;
    try {
      const res = await fetch(d.target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'govbridge-webhook' },
        body: d.body,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        this.stats.delivered += 1;
        return null;
      }
      problem = `receiver answered ${res.status}`;
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        this.stats.failed += 1;
        this.log.error('webhook refused, not retried', { webhook: hostOf(d.target.url), event: d.event, status: res.status });
        return null;
      }
      const ra = Number(res.headers.get('retry-after'));
      if (Number.isFinite(ra) && ra > 0) retryAfterMs = ra * 1000;
    } catch (e) {
      problem = (e as Error).name === 'TimeoutError' ? `no answer in ${this.opts.timeoutMs} ms` : (e as Error).message;
    }
    if (d.attempts >= this.opts.maxAttempts) {
      this.stats.failed += 1;
      this.log.error('webhook delivery given up', { webhook: hostOf(d.target.url), event: d.event, attempts: d.attempts, problem });
      return null;
    }
    const backoff = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** (d.attempts - 1));
    const delay = Math.min(this.opts.maxDelayMs, Math.max(backoff, retryAfterMs ?? 0));
    this.log.warn('webhook delivery failed, will retry', {
      webhook: hostOf(d.target.url),
      event: d.event,
      attempt: d.attempts,
      problem,
      retryInMs: delay,
    });
    return delay;
  }
}
