import type { Db } from './db';
import { FencedWriteError } from './ledger-refusal';

/**
 * The saved dry-run world (one JSON row, migration 012). Writes carry the executor lease's
 * fencing token like ledger writes, so a paused former leader cannot overwrite the world the
 * new leader continued.
 */
export class WorldStore {
  constructor(
    private readonly db: Db,
    private readonly fence: () => number | null = () => null,
  ) {}

  async load(): Promise<string | undefined> {
    const row = await this.db.q.selectFrom('dry_run_world').select('state_json').where('id', '=', 1).executeTakeFirst();
    return row?.state_json;
  }

  async save(stateJson: string, now: Date): Promise<void> {
    const values = { state_json: stateJson, fence_token: this.fence(), updated_at: now.toISOString() };
    try {
      await this.db.q
        .insertInto('dry_run_world')
        .values({ id: 1, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    } catch (e) {
      // The trigger's refusal of a stale token, as the same typed error the ledger gives.
      const message = (e as Error | null)?.message ?? '';
      if (message.startsWith('fenced:')) throw new FencedWriteError(message);
      throw e;
    }
  }
}
