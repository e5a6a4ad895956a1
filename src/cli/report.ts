import { bpsToPercent, raoToTao, type PlanReview } from '../domain/review';
import { toJsonText } from '../http/api/json';
import { buildReport, reportJson } from '../http/report';
import { CliExit, EXIT, requireConfig, type Register } from './context';
import { withReadModel } from './read-model';
import { textTable } from './text-table';

const tao = (v: bigint | null) => (v === null ? '-' : raoToTao(v));
const pct = (b: bigint | null) => (b === null ? '-' : `${bpsToPercent(b)}%`);

/** The review as a terminal table: one row per subnet, the root share, and the totals. */
export function reviewTable(r: PlanReview): string {
  const rows = r.subnets.map((s) => [
    `SN${s.netuid} ${s.name}`,
    tao(s.deployedRao),
    tao(s.alphaReceived),
    tao(s.averageEntryPrice),
    tao(s.currentPrice),
    tao(s.currentValueRao),
    tao(s.changeRao),
    pct(s.changeBps),
  ]);
  rows.push(['Root share (held)', tao(r.root.plannedRao), '', '', '', tao(r.root.valueRao), tao(r.root.valueRao - r.root.plannedRao), '']);
  rows.push(['Subnets total', tao(r.totals.deployedRao), '', '', '', tao(r.totals.currentValueRao), tao(r.totals.changeRao), pct(r.totals.changeBps)]);
  const header = ['Subnet', 'Deployed TAO', 'Alpha', 'Avg entry', 'Price now', 'Value now TAO', 'Change TAO', 'Change'];
  return textTable(header, rows, [1, 2, 3, 4, 5, 6, 7]);
}

export const registerReport: Register = (program, io) => {
  program
    .command('report')
    .description('post-execution review of a plan: per subnet TAO deployed, alpha received, average entry price, value at the current price, change; root share')
    .argument('<plan>', 'the plan id (the Snapshot proposal id)')
    .option('--json', 'print the review as JSON (amounts as decimal strings of RAO), as the API gives it')
    .addHelpText('after', '\nPrices are in TAO per alpha; amounts in TAO unless --json (RAO). Exit 1 when the plan is unknown.')
    .action(async (planId: string, opts: { json?: boolean }) => {
      const config = requireConfig(io);
      await withReadModel(config, async (h) => {
        const report = await buildReport(h.read, h.prices, planId, new Date());
        if (!report) throw new CliExit(EXIT.invalid, `no plan with id ${planId}`);
        if (h.priceNote) report.warnings.unshift(h.priceNote);
        if (opts.json) {
          io.stdout(JSON.stringify(JSON.parse(toJsonText(reportJson(report))), null, 2) + '\n');
          return;
        }
        io.stdout(`Review of ${report.title} (${report.planId}), state ${report.state}, at ${report.at}\n\n`);
        io.stdout(reviewTable(report.review));
        for (const w of report.warnings) io.stdout(`note: ${w}\n`);
      });
    });
};
