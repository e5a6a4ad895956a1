import { formatTao } from '../domain/amount';
import type { AllocationPlan, Plan } from '../domain/plan';
import { lintProposal, type CadenceSchedule } from '../domain/lint';
import { formatIssue, type ParseIssue } from '../domain/parse';
import { CliExit, EXIT, type Register } from './context';
import { parseInstant, readInput } from './input';

/** The plan as an aligned text table, for proposers checking what govbridge understood. */
export function planTable(plan: AllocationPlan): string {
  const head = ['netuid', 'name', 'percent', 'amount (TAO)', 'mode'];
  const rows = plan.allocations.map((a) => [String(a.netuid), a.name, `${a.percent}%`, formatTao(a.rao), a.mode]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** Where the total came from, so a proposer sees which figure govbridge took as the total. */
function totalFrom(plan: AllocationPlan): string {
  const s = plan.totalSource;
  if (!s) return '';
  return 'line' in s ? (s.line === null ? '' : ` (stated on line ${s.line})`) : ` (the ${s.text}; no total is stated)`;
}

function describePlan(plan: Plan): string[] {
  if (plan.kind === 'emergency') return [`Emergency ${plan.action} of ${plan.target}: ${plan.reason}`];
  const out = [`Plan (read from the ${plan.source}): total ${formatTao(plan.totalRao)} TAO${totalFrom(plan)}`, planTable(plan)];
  out.push(plan.dca ? `DCA over ${plan.dca.duration}, cadences allowed: ${plan.dca.cadences.join(', ')}` : 'No DCA.');
  out.push(plan.lock ? `Locked for ${plan.lock.duration} from activation.` : 'No lock.');
  return out;
}

function describeSchedule(s: CadenceSchedule): string[] {
  const head = `Cadence ${s.cadence}: ${s.count} tranches per subnet, first ${s.first.toISOString()}, last ${s.last.toISOString()}`;
  const rows = s.allocations.map(
    (a) => `  SN${a.netuid} ${a.name}: ${a.sizes.map((z) => `${z.count} × ${formatTao(z.rao)} TAO`).join(' + ')}`,
  );
  return [head, ...rows];
}

const section = (title: string, issues: ParseIssue[]) =>
  issues.length ? [`${issues.length} ${title}${issues.length === 1 ? '' : 's'}:`, ...issues.map((i) => `  - ${formatIssue(i)}`)] : [];

export const registerLint: Register = (program, io) => {
  program
    .command('lint')
    .description('check a proposal before posting it: the plan govbridge reads, every error and warning, and a block to paste')
    .argument('<file>', 'the proposal body, or - to read stdin')
    .addHelpText(
      'after',
      '\nExit 0 when govbridge can execute the proposal as written, 1 when it has errors.\n\nExample:\n  govbridge lint draft.md',
    )
    .option('--start <iso>', 'activation time for the schedules shown, ISO 8601 with a zone (default: now)')
    .action(async (file: string, opts: { start?: string }) => {
      const start = opts.start ? parseInstant('--start', opts.start) : new Date();
      const report = lintProposal(await readInput(io, file), start);
      const out: string[] = [];
      if (report.plan) out.push(...describePlan(report.plan), '');
      else out.push('No plan: govbridge would refuse to execute this proposal.', '');
      out.push(...section('error', report.errors));
      if (report.errors.length) out.push('');
      if (report.warnings.length) out.push(...section('warning', report.warnings), '');
      if (report.schedules.length)
        out.push(`Schedules if activated at ${start.toISOString()}:`, ...report.schedules.flatMap(describeSchedule), '');
      if (report.block && report.plan) {
        const note =
          report.plan.source === 'block'
            ? 'The proposal already has a block; this is how govbridge reads it:'
            : 'Suggested block to paste under your prose (it makes the plan unambiguous):';
        out.push(note, '', report.block, '');
      } else if (!report.ok) {
        out.push('Fix the errors above; govbridge then suggests a ```govbridge block to paste under your prose.', '');
      }
      io.stdout(out.join('\n'));
      if (!report.ok) throw new CliExit(EXIT.invalid, '');
    });
};
