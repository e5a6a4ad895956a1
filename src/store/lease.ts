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
 * on the clocks of the processes, only liveness does. `acquire` is one write transaction: two
 * processes racing for an expired lease serialise on the store's write lock and one wins.
 */
export class LeaseStore {
  constructor(
    private readonly db: Db,
    readonly name = 'executor',
  ) {}

  async current(): Promise<LeaseRow | undefined> {
    const r = await this.db.q.selectFrom('leases').selectAll().where('name', '=', this.name).executeTakeFirst();
    return r && row(r);
  }

  /**
   * Takes the lease when it is free or expired (a new token), or renews it when `holder` holds
   * it with `token` (same token). Otherwise reports who holds it.
   */
  async acquire(holder: string, ttlMs: number, nowMs: number, token?: number): Promise<Acquire> {
    return this.db.tx(async (): Promise<Acquire> => {
      const cur = await this.current();
      const expiresAt = nowMs + ttlMs;
      if (cur && cur.holder === holder && cur.token === token && cur.expiresAt > nowMs) {
        await this.db.q
          .updateTable('leases')
          .set({ expires_at: expiresAt })
          .where('name', '=', this.name)
          .where('token', '=', cur.token)
          .execute();
        return { held: true, token: cur.token, expiresAt, fresh: false };
      }
      if (cur && cur.expiresAt > nowMs) return { held: false, holder: cur.holder, token: cur.token, expiresAt: cur.expiresAt };
      const next = (cur?.token ?? 0) + 1;
      const values = { holder, token: next, expires_at: expiresAt, acquired_at: nowMs };
      await this.db.q
        .insertInto('leases')
        .values({ name: this.name, ...values })
        .onConflict((oc) => oc.column('name').doUpdateSet(values))
        .execute();
      return { held: true, token: next, expiresAt, fresh: true };
    });
  }

  /** Gives the lease up at once (clean shutdown), so a standby need not wait for the TTL. */
  async release(holder: string, token: number, nowMs: number): Promise<void> {
    await this.db.q
      .updateTable('leases')
      .set({ expires_at: nowMs })
      .where('name', '=', this.name)
      .where('holder', '=', holder)
      .where('token', '=', token)
      .execute();
  }
}
