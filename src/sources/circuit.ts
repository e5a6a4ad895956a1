import type { Timing } from './rate-limit';
import { realTiming } from './rate-limit';

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Stops hammering a dead upstream. After `threshold` consecutive failed calls (each already
 * retried) the circuit opens and calls fail at once for `cooldownMs`; then one trial call is let
 * through (half-open). A success closes it; a failure reopens it with the cooldown doubled, up to
 * `maxCooldownMs`, so a long outage costs a handful of requests an hour, not thousands.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private cooldown: number;

  constructor(
    private readonly threshold = 3,
    private readonly baseCooldownMs = 60_000,
    private readonly maxCooldownMs = 30 * 60_000,
    private readonly timing: Timing = realTiming,
  ) {
    this.cooldown = baseCooldownMs;
  }

  state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.timing.now() - this.openedAt >= this.cooldown ? 'half-open' : 'open';
  }

  /** Milliseconds until a trial call is allowed (0 when calls may go now). */
  retryInMs(): number {
    if (this.openedAt === null) return 0;
    return Math.max(0, this.openedAt + this.cooldown - this.timing.now());
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.cooldown = this.baseCooldownMs;
  }

  failure(): void {
    const wasTrial = this.state() === 'half-open';
    this.failures += 1;
    if (wasTrial) {
      this.cooldown = Math.min(this.cooldown * 2, this.maxCooldownMs);
      this.openedAt = this.timing.now();
    } else if (this.failures >= this.threshold && this.openedAt === null) {
      this.openedAt = this.timing.now();
    }
  }
}
