import { bpsToPercent, type PlanReview } from '../domain/review';
import { displayPrice, displayTao } from '../domain/tao-text';
import { sentText } from '../http/progress';
import { toJsonText } from '../json';
import { buildReport, reportJson } from '../http/report';
import { CliExit, EXIT, requireConfig, type Register } from './context';
import { withApp } from '../app/open';
import { resolvePlanId } from './plan-id';
import { textTable } from './text-table';

const tao = (v: bigint | null) => (v === null ? '-' : displayTao(v));
const price = (v: bigint | null) => (v === null ? '-' : displayPrice(v));
const pct = (b: bigint | null) => (b === null ? '-' : `${bpsToPercent(b)}%`);

/** The review as a terminal table: one row per subnet, the root share, and the totals. */
export function reviewTable(r: PlanReview): string {
  const rows = r.subnets.map((s) => [
    `SN${s.netuid} ${s.name}`,
    `${tao(s.sentRao)} / ${tao(s.plannedRao)}`,
    tao(s.deployedRao),
    tao(s.feesRao),
    tao(s.alphaReceived),
    price(s.averageEntryPrice),
    price(s.currentPrice),
    tao(s.currentValueRao),
    tao(s.changeRao),
    pct(s.changeBps),
  ]);
  rows.push([
    'Root share (held)',
    tao(r.root.plannedRao),
    '',
    '',
    '',
    '',
    '',
    tao(r.root.valueRao),
    tao(r.root.valueRao - r.root.plannedRao),
    '',
  ]);
  const planned = r.subnets.reduce((s, x) => s + x.plannedRao, 0n);
  rows.push([
    'Subnets total',
    `${tao(r.totals.sentRao)} / ${tao(planned)}`,
    tao(r.totals.deployedRao),
    tao(r.totals.feesRao),
    '',
    '',
    '',
    tao(r.totals.currentValueRao),
    tao(r.totals.changeRao),
    pct(r.totals.changeBps),
  ]);
  const header = [
    'Subnet',
    'Sent / planned TAO',
    'Staked TAO',
    'Fees TAO',
    'Alpha',
    'Avg entry',
    'Price now',
    'Value now TAO',
    'Change TAO',
    'Change',
  ];
  const lines = r.subnets.map((s) => `SN${s.netuid} ${s.name}: ${sentText(s.sentRao, s.plannedRao, s.feesRao)}`);
  lines.push(`Subnets total: ${sentText(r.totals.sentRao, planned, r.totals.feesRao)}`);
  return textTable(header, rows, [1, 2, 3, 4, 5, 6, 7, 8, 9]) + '\n' + lines.join('\n') + '\n';
}

export const registerReport: Register = (program, io) => {
  program
    .command('report')
    .description(
      'post-execution review of a plan: per subnet TAO deployed, alpha received, average entry price, value at the current price, change; root share',
    )
    .argument('<plan>', 'the plan id (the Snapshot proposal id) or a unique prefix of it')
    .option('--json', 'print the review as JSON (amounts as decimal strings of RAO), as the API gives it')
    .addHelpText(
      'after',
      '\nSent = staked after fees + fees. Prices are in TAO per alpha; amounts in TAO unless --json (RAO). Exit 1 when the plan is unknown.',
    )
    .action(async (given: string, opts: { json?: boolean }) => {
      const config = requireConfig(io);
      await withApp(config, { mode: 'read' }, async (h) => {
        const planId = resolvePlanId(
          (await h.read.plans()).map((p) => p.id),
          given,
        );
        const report = await buildReport(h.read, h.prices, planId, await h.now());
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
