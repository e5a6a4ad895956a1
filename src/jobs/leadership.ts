import crypto from 'node:crypto';
import os from 'node:os';
import type { Logger } from '../log';
import type { LeaseStore } from '../store/lease';

export type Role = 'leader' | 'standby';

export interface LeaderView {
  role: Role;
  /** This process's holder id (hostname:pid:random). */
  self: string;
  /** Who holds the lease now, as the store last said; null when nobody does. */
  leader: string | null;
  token: number | null;
  expiresAt: string | null;
}

/** hostname:pid:random: unique per process even when two share a host and (after a restart) a pid. */
export function holderId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
}

export interface LeadershipOptions {
  lease: LeaseStore;
  ttlMs: number;
  log: Logger;
  holder?: string;
  /** Runs after the lease is taken and before the process acts as leader (load state, reconcile). */
  onAcquire?: (token: number) => Promise<void>;
  onLose?: () => void;
  /** The wall clock; leases are wall time even when the demo's virtual clock runs faster. */
  wall?: () => number;
}

/**
 * Holds (or waits for) the executor lease: tries to take or renew it every TTL/3, so a live
 * leader keeps it and a standby takes over within one TTL after the leader dies. A leader that
 * misses its renewal (paused, partitioned) counts itself a standby as soon as its own view of
 * the lease expires; should it still write, the store's fencing refuses it.
 */
export class Leadership {
  readonly self: string;
  private token: number | null = null;
  private expiresAt = 0;
  private leading = false;
  private seen: { holder: string; expiresAt: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stepping: Promise<void> | null = null;
  private stopped = false;
  private readonly wall: () => number;
  private readonly log: Logger;

  constructor(private readonly o: LeadershipOptions) {
    this.self = o.holder ?? holderId();
    this.wall = o.wall ?? Date.now;
    this.log = o.log.child({ module: 'lease' });
  }

  /** Whether this process may poll and tick now. */
  isLeader(): boolean {
    return this.leading && this.wall() < this.expiresAt;
  }

  /** The token every ledger write carries; the store refuses it once another process took over. */
  readonly fence = (): number | null => this.token;

  view(): LeaderView {
    const role: Role = this.isLeader() ? 'leader' : 'standby';
    const seen = this.seen && this.seen.expiresAt > this.wall() ? this.seen : null;
    return {
      role,
      self: this.self,
      leader: role === 'leader' ? this.self : (seen?.holder ?? null),
      token: this.token,
      expiresAt: role === 'leader' ? new Date(this.expiresAt).toISOString() : seen ? new Date(seen.expiresAt).toISOString() : null,
    };
  }

  /** One attempt to take or renew the lease; never throws. */
  step(): Promise<void> {
    this.stepping ??= this.attempt().finally(() => (this.stepping = null));
    return this.stepping;
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    const now = this.wall();
    let r;
    try {
      // The grant is counted from `now`, taken before the call: a slow store only shortens it.
      r = await this.o.lease.acquire(this.self, this.o.ttlMs, now, this.leading ? (this.token ?? undefined) : undefined);
    } catch (e) {
      // The store is busy or gone: keep the lease only as long as it was granted.
      this.log.warn('lease attempt failed', { error: (e as Error).message });
      if (this.leading && !this.isLeader()) this.lose('lease expired while the store could not be reached');
      return;
    }
    if (!r.held) {
      this.seen = { holder: r.holder, expiresAt: r.expiresAt };
      if (this.leading) this.lose(`lease taken by ${r.holder}`);
      return;
    }
    this.seen = { holder: this.self, expiresAt: r.expiresAt };
    if (!r.fresh) {
      this.expiresAt = r.expiresAt;
      return;
    }
    if (this.leading) this.lose('lease lapsed before it was renewed');
    this.token = r.token;
    this.expiresAt = r.expiresAt;
    this.log.info('lease acquired: this process leads', { holder: this.self, token: r.token, ttlMs: this.o.ttlMs });
    try {
      await this.o.onAcquire?.(r.token);
      this.leading = true;
    } catch (e) {
      this.log.error('taking over failed; releasing the lease', { error: (e as Error).message });
      try {
        await this.o.lease.release(this.self, r.token, this.wall());
      } catch (e2) {
        // The lease then simply expires; a step never throws.
        this.log.warn('lease release failed', { error: (e2 as Error).message });
      }
    }
  }

  private lose(why: string): void {
    this.leading = false;
    this.log.warn('lease lost: this process stands by', { holder: this.self, reason: why });
    this.o.onLose?.();
  }

  /** Takes the lease if it can, then keeps trying every TTL/3. */
  async start(): Promise<void> {
    await this.step();
    const every = Math.max(100, Math.floor(this.o.ttlMs / 3));
    const loop = (): void => {
      this.timer = setTimeout(() => void this.step().then(() => !this.stopped && loop()), every);
    };
    loop();
  }

  /** Stops renewing and gives the lease up, so a standby takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.stepping;
    if (this.leading && this.token !== null) {
      try {
        await this.o.lease.release(this.self, this.token, this.wall());
      } catch {
        // The store may already be closed; the lease then simply expires.
      }
    }
    this.leading = false;
  }
}
