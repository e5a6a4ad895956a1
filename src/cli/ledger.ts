import { formatTao } from '../domain/amount';
import { displayTao } from '../domain/tao-text';
import { resolvePlanId } from './plan-id';
import type { LedgerRow } from '../store/ledger';
import { CliExit, EXIT, requireConfig, type Register } from './context';
import { toJsonText } from '../json';
import { withApp } from '../app/open';

const COLUMNS: [string, (r: LedgerRow) => string][] = [
  ['id', (r) => String(r.id)],
  ['kind', (r) => r.kind],
  ['netuid', (r) => String(r.netuid)],
  ['#', (r) => (r.trancheIndex < 0 ? '-' : String(r.trancheIndex))],
  ['status', (r) => r.status],
  // Exact TAO (and alpha): the ledger is where amounts are checked to the RAO.
  ['amount', (r) => formatTao(r.amount)],
  ['staked', (r) => (r.taoRao === null ? '' : formatTao(r.taoRao))],
  ['fee', (r) => (r.feeRao === null ? '' : formatTao(r.feeRao))],
  ['alpha', (r) => (r.alpha === null ? '' : formatTao(r.alpha))],
  ['block', (r) => r.blockNumber?.toString() ?? ''],
  ['nonce', (r) => r.nonce?.toString() ?? ''],
  ['tx', (r) => (r.txHash ? `${r.txHash.slice(0, 12)}…` : '')],
  ['at', (r) => r.createdAt],
  ['reason', (r) => r.reason ?? ''],
];

export function rowJson(r: LedgerRow): Record<string, unknown> {
  return JSON.parse(toJsonText(r)) as Record<string, unknown>;
}

/** Finalized RAO, fees and alpha per subnet: what the plan has really bought so far. */
export function ledgerTotals(
  rows: LedgerRow[],
): { netuid: number; finalizedRao: string; feesRao: string; alpha: string; tranches: number }[] {
  const netuids = [...new Set(rows.filter((r) => r.kind === 'tranche').map((r) => r.netuid))];
  return netuids.map((netuid) => {
    const done = rows.filter((r) => r.kind === 'tranche' && r.netuid === netuid && r.status === 'finalized');
    return {
      netuid,
      finalizedRao: done.reduce((s, r) => s + r.amount, 0n).toString(),
      feesRao: done.reduce((s, r) => s + (r.feeRao ?? 0n), 0n).toString(),
      alpha: done.reduce((s, r) => s + (r.alpha ?? 0n), 0n).toString(),
      tranches: done.length,
    };
  });
}

function table(rows: LedgerRow[]): string {
  const cells = rows.map((r) => COLUMNS.map(([, f]) => f(r)));
  const widths = COLUMNS.map(([h], i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS.map(([h]) => h)), ...cells.map(line)].join('\n') + '\n';
}

export const registerLedger: Register = (program, io) => {
  program
    .command('ledger')
    .description("show the execution ledger of a plan: every tranche and phase 1 action, its status and the chain's answer")
    .argument('<plan>', 'the plan id (the Snapshot proposal id) or a unique prefix of it')
    .option('--json', 'print {planId, rows, totals} as JSON (amounts as decimal strings of RAO)')
    .addHelpText(
      'after',
      '\nAmounts in TAO, exact (--json: RAO). Statuses: submitting (written before sending), in-block, finalized, failed, skipped.\nExit 1 when there is no such plan or it has no ledger rows yet.',
    )
    .action(async (given: string, opts: { json?: boolean }) => {
      const config = requireConfig(io);
      // Inspection only: read-only, so it works on a data dir this user cannot write.
      await withApp(config, { mode: 'read' }, async ({ ledger, plans }) => {
        const known = [...(await plans.list()).map((p) => p.id), ...(await ledger.planIds())];
        const planId = resolvePlanId([...new Set(known)], given);
        const rows = await ledger.forPlan(planId);
        if (opts.json) io.stdout(JSON.stringify({ planId, rows: rows.map(rowJson), totals: ledgerTotals(rows) }, null, 2) + '\n');
        else if (rows.length > 0) {
          io.stdout(table(rows));
          for (const t of ledgerTotals(rows)) {
            io.stdout(
              `netuid ${t.netuid}: ${t.tranches} tranches finalized, ${displayTao(BigInt(t.finalizedRao))} TAO sent (${displayTao(BigInt(t.feesRao))} TAO fees), ${displayTao(BigInt(t.alpha))} alpha\n`,
            );
          }
        }
        if (rows.length === 0) throw new CliExit(EXIT.invalid, `plan ${planId} has no ledger rows yet`);
      });
    });
};
