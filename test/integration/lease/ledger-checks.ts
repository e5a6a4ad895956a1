/** What the lease tests check in the ledger, read through the real CLI (`govbridge ledger --json`). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI, SEED_ID, serveEnv } from './serve-process';
import { OUTCOME, chainOutcome } from '../../../src/domain/execution/outcome';

const run = promisify(execFile);
const DCA = [51, 64, 19, 4, 27];

export interface LedgerJson {
  rows: {
    kind: string;
    netuid: number;
    trancheIndex: number;
    status: string;
    amount: string;
    reason: string | null;
    outcomeCode: string | null;
  }[];
}
export interface TranchesJson {
  planId: string;
  tranches: { state: string; reason: string | null; outcomeCode: string | null }[];
}

/**
 * The outcomes a killed process may leave: a tx it never sent (its era expired unused, or its
 * birth block got too old while it was down); neither is a refusal of a tranche.
 */
export const NEVER_SENT: readonly (string | null)[] = [OUTCOME.notIncluded, chainOutcome('AncientBirthBlock')];

export async function ledgerOf(dataDir: string, extra: Record<string, string> = {}): Promise<LedgerJson> {
  const { stdout } = await run(process.execPath, [CLI, 'ledger', SEED_ID, '--json'], { env: serveEnv(dataDir, extra) });
  return JSON.parse(stdout) as LedgerJson;
}

/** Every (netuid, tranche) finalized at most once; no balance failures; optionally each subnet complete. */
export function expectOnceEach(l: LedgerJson, complete: boolean): void {
  const tranches = l.rows.filter((r) => r.kind === 'tranche');
  const finalized = tranches.filter((r) => r.status === 'finalized');
  const keys = finalized.map((r) => `${r.netuid}:${r.trancheIndex}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(l.rows.filter((r) => /NotEnoughBalance/.test(r.reason ?? ''))).toEqual([]);
  expect(l.rows.filter((r) => r.status === 'failed' && !NEVER_SENT.includes(r.outcomeCode))).toEqual([]);
  expect(l.rows.filter((r) => r.kind === 'phase1' && r.status === 'finalized')).toHaveLength(1);
  if (!complete) return;
  for (const netuid of DCA) {
    const sum = finalized.filter((r) => r.netuid === netuid).reduce((s, r) => s + BigInt(r.amount), 0n);
    expect(`${netuid}: ${sum}`).toBe(`${netuid}: 44200000000`);
  }
}
