import type { Db } from './db';

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

  load(): string | undefined {
    const row = this.db.prepare('SELECT state_json FROM dry_run_world WHERE id = 1').get() as { state_json: string } | undefined;
    return row?.state_json;
  }

  save(stateJson: string, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO dry_run_world (id, state_json, fence_token, updated_at) VALUES (1, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET state_json = excluded.state_json, fence_token = excluded.fence_token, updated_at = excluded.updated_at`,
      )
      .run(stateJson, this.fence(), now.toISOString());
  }
}
