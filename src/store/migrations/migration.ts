/** One schema change: applied once, in version order, never edited after release. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
