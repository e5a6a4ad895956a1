import type { Logger } from '../log';
import { CircuitBreaker } from './circuit';
import { CircuitOpenError, SourceError, toSourceError } from './errors';
import { RateLimiter, realTiming, type Timing } from './rate-limit';
import type { SourceHealthSink } from './health';

export interface PolitenessOptions {
  timeoutMs: number;
  maxRetries: number;
  maxRequestsPerMinute: number;
  /** First backoff delay; each retry doubles it, with full jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A server asking for a longer wait than this ends the cycle instead of stalling it. */
  maxRetryAfterMs?: number;
  breakerThreshold?: number;
  breakerCooldownMs?: number;
  timing?: Timing;
  /** Told of every call's outcome (success, or the failure it gave up on): what `/ready` reads. */
  health?: SourceHealthSink;
}

/**
 * Every request to an upstream goes through one of these: the rate limiter, a per-attempt
 * timeout, retries with exponential backoff and full jitter (or the server's own Retry-After),
 * and a circuit breaker. It also counts requests, which is what "requests per cycle" measures.
 */
export class PoliteCaller {
  requests = 0;
  private readonly limiter: RateLimiter;
  private readonly breaker: CircuitBreaker;
  private readonly timing: Timing;
  /** Set when the server asked for a longer pause than a cycle may wait: no request before it. */
  private notBefore = 0;

  constructor(
    readonly source: string,
    private readonly opts: PolitenessOptions,
    private readonly log: Logger,
  ) {
    this.timing = opts.timing ?? realTiming;
    this.limiter = new RateLimiter(opts.maxRequestsPerMinute, this.timing);
    this.breaker = new CircuitBreaker(opts.breakerThreshold ?? 3, opts.breakerCooldownMs ?? 60_000, 30 * 60_000, this.timing);
  }

  circuit(): string {
    return this.breaker.state();
  }

  /** Runs `attempt` (one HTTP exchange, given an abort signal) until it succeeds or gives up. */
  async call<T>(what: string, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      const value = await this.attempts(what, attempt);
      this.opts.health?.succeeded(this.source);
      return value;
    } catch (e) {
      this.opts.health?.failed(this.source);
      throw e;
    }
  }

  private async attempts<T>(what: string, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const circuit = this.breaker.state();
    if (circuit === 'open') throw new CircuitOpenError(this.source, this.breaker.retryInMs());
    const waitLeft = this.notBefore - this.timing.now();
    if (waitLeft > 0)
      throw new SourceError(
        `${this.source}: rate limited by the server for another ${Math.ceil(waitLeft / 1000)} s`,
        false,
        null,
        'rate-limited',
      );
    // A half-open circuit gets one trial request, not a full round of retries.
    const maxRetries = circuit === 'half-open' ? 0 : this.opts.maxRetries;
    for (let n = 0; ; n++) {
      await this.limiter.take();
      this.requests += 1;
      try {
        const value = await attempt(AbortSignal.timeout(this.opts.timeoutMs));
        this.breaker.success();
        return value;
      } catch (e) {
        const error = toSourceError(this.source, e);
        if (!error.retryable) throw error;
        const wait = this.delayFor(error, n, maxRetries);
        if (wait === null) {
          if (error.retryAfterMs !== null) this.notBefore = this.timing.now() + error.retryAfterMs;
          this.breaker.failure();
          throw error;
        }
        this.log.warn('request failed, retrying', { source: this.source, what, attempt: n + 1, error: error.message, waitMs: wait });
        await this.timing.sleep(wait);
      }
    }
  }

  /** The wait before retry number n+1, or null when the caller should give up now. */
  private delayFor(error: SourceError, n: number, maxRetries: number): number | null {
    if (n >= maxRetries) return null;
    if (error.retryAfterMs !== null) {
      return error.retryAfterMs > (this.opts.maxRetryAfterMs ?? 120_000) ? null : error.retryAfterMs;
    }
    const ceiling = Math.min(this.opts.maxDelayMs ?? 30_000, (this.opts.baseDelayMs ?? 500) * 2 ** n);
    return Math.floor(this.timing.random() * ceiling);
  }
}
