import { formatTao } from '../domain/amount';
import type { AllocationPlan, Plan } from '../domain/plan';
import { formatIssue, parseProposal, type ParseIssue } from '../domain/parse';
import { renderBlock } from '../domain/parse/render';
import { CliExit, EXIT, type Register } from './context';
import { readProposalInput } from './parse';

/** The plan as an aligned text table, for proposers checking what govbridge understood. */
export function planTable(plan: AllocationPlan): string {
  const head = ['netuid', 'name', 'percent', 'amount (TAO)', 'mode'];
  const rows = plan.allocations.map((a) => [String(a.netuid), a.name, `${a.percent}%`, formatTao(a.rao), a.mode]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

function describePlan(plan: Plan): string[] {
  if (plan.kind === 'emergency') return [`Emergency ${plan.action} of ${plan.target}: ${plan.reason}`];
  const out = [`Plan (read from the ${plan.source}): total ${formatTao(plan.totalRao)} TAO`, planTable(plan)];
  out.push(plan.dca ? `DCA over ${plan.dca.duration}, cadences allowed: ${plan.dca.cadences.join(', ')}` : 'No DCA.');
  out.push(plan.lock ? `Locked for ${plan.lock.duration} from activation.` : 'No lock.');
  return out;
}

const section = (title: string, issues: ParseIssue[]) => (issues.length ? [`${issues.length} ${title}${issues.length === 1 ? '' : 's'}:`, ...issues.map((i) => `  - ${formatIssue(i)}`)] : []);

export const registerLint: Register = (program, io) => {
  program
    .command('lint')
    .description('check a proposal before posting it: the plan govbridge reads, every error and warning, and a block to paste')
    .argument('<file>', 'the proposal body, or - to read stdin')
    .addHelpText('after', '\nExit 0 when govbridge can execute the proposal as written, 1 when it has errors.\n\nExample:\n  govbridge lint draft.md')
    .action(async (file: string) => {
      const result = parseProposal(await readProposalInput(io, file));
      const out: string[] = [];
      if (result.ok) out.push(...describePlan(result.value), '');
      else out.push('No plan: govbridge would refuse to execute this proposal.', '');
      if (!result.ok) out.push(...section('error', result.errors), '');
      if (result.warnings.length) out.push(...section('warning', result.warnings), '');
      if (result.ok && result.value.kind === 'allocation') {
        const note = result.value.source === 'block' ? 'The proposal already has a block; this is how govbridge reads it:' : 'Suggested block to paste under your prose (it makes the plan unambiguous):';
        out.push(note, '', renderBlock(result.value), '');
      } else if (!result.ok) {
        out.push('Fix the errors above; govbridge then suggests a ```govbridge block to paste under your prose.', '');
      }
      io.stdout(out.join('\n'));
      if (!result.ok) throw new CliExit(EXIT.invalid, '');
    });
};
