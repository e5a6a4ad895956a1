/** Clock and sleep, injectable so tests can drive the limiter and backoff without waiting. */
export interface Timing {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const realTiming: Timing = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/**
 * Keeps requests under `perMinute` in any sliding 60-second window, whatever the poll interval
 * or retry pattern, so a busy cycle can never push the hub past its free-tier limit. Callers
 * queue in order: each take() waits until its slot is free, then records it.
 */
export class RateLimiter {
  private readonly stamps: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perMinute: number,
    private readonly timing: Timing = realTiming,
    private readonly windowMs = 60_000,
  ) {}

  /** Resolves when one more request may be sent now. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** How long the next request would wait, in ms (0 when a slot is free). */
  waitMs(): number {
    this.prune();
    if (this.stamps.length < this.perMinute) return 0;
    return Math.max(0, this.stamps[0]! + this.windowMs - this.timing.now());
  }

  private async waitForSlot(): Promise<void> {
    for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) await this.timing.sleep(wait);
    this.stamps.push(this.timing.now());
  }

  private prune(): void {
    const cutoff = this.timing.now() - this.windowMs;
    while (this.stamps.length > 0 && this.stamps[0]! <= cutoff) this.stamps.shift();
  }
}
