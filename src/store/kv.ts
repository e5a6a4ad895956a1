import type { Db } from './db';

/** Small persistent settings: cursors, last successful run times. */
export class KvStore {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db.q.selectFrom('kv').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db.q
      .insertInto('kv')
      .values({ key, value, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
      .execute();
  }
}
