import type { Db } from './db';

export interface LeaseRow {
  name: string;
  holder: string;
  token: number;
  /** Unix ms (wall clock). */
  expiresAt: number;
  acquiredAt: number;
}

export type Acquire =
  { held: true; token: number; expiresAt: number; fresh: boolean } | { held: false; holder: string; token: number; expiresAt: number };

interface Raw {
  name: string;
  holder: string;
  token: number;
  expires_at: number;
  acquired_at: number;
}
const row = (r: Raw): LeaseRow => ({ name: r.name, holder: r.holder, token: r.token, expiresAt: r.expires_at, acquiredAt: r.acquired_at });

/**
 * The executor lease as a row: one holder at a time, until `expires_at`, with a fencing token
 * that grows on every acquisition and never goes back (a release keeps the token). The ledger
 * triggers compare each write's token with this row (migration 012), so safety does not depend
 * on the clocks of the processes, only liveness does. Every method is one IMMEDIATE transaction:
 * two processes racing for an expired lease serialise on SQLite's write lock and one wins.
 */
export class LeaseStore {
  constructor(
    private readonly db: Db,
    readonly name = 'executor',
  ) {}

  current(): LeaseRow | undefined {
    const r = this.db.prepare('SELECT * FROM leases WHERE name = ?').get(this.name) as Raw | undefined;
    return r && row(r);
  }

  /**
   * Takes the lease when it is free or expired (a new token), or renews it when `holder` holds
   * it with `token` (same token). Otherwise reports who holds it.
   */
  acquire(holder: string, ttlMs: number, nowMs: number, token?: number): Acquire {
    return this.db
      .transaction((): Acquire => {
        const cur = this.current();
        const expiresAt = nowMs + ttlMs;
        if (cur && cur.holder === holder && cur.token === token && cur.expiresAt > nowMs) {
          this.db.prepare('UPDATE leases SET expires_at = ? WHERE name = ? AND token = ?').run(expiresAt, this.name, cur.token);
          return { held: true, token: cur.token, expiresAt, fresh: false };
        }
        if (cur && cur.expiresAt > nowMs) return { held: false, holder: cur.holder, token: cur.token, expiresAt: cur.expiresAt };
        const next = (cur?.token ?? 0) + 1;
        this.db
          .prepare(
            `INSERT INTO leases (name, holder, token, expires_at, acquired_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, token = excluded.token, expires_at = excluded.expires_at, acquired_at = excluded.acquired_at`,
          )
          .run(this.name, holder, next, expiresAt, nowMs);
        return { held: true, token: next, expiresAt, fresh: true };
      })
      .immediate();
  }

  /** Gives the lease up at once (clean shutdown), so a standby need not wait for the TTL. */
  release(holder: string, token: number, nowMs: number): void {
    this.db.prepare('UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ? AND token = ?').run(nowMs, this.name, holder, token);
  }
}
