import { planToJson, type Plan } from '../domain/plan';
import { formatIssue, parseProposal, type ParseIssue } from '../domain/parse';
import { CliExit, EXIT, type CliIo, type Register } from './context';
import { readInput } from './input';

const listIssues = (title: string, issues: ParseIssue[]) => issues.map((i) => `${title}: ${formatIssue(i)}`).join('\n');

/** Parses FILE into a plan or ends with exit 1 listing every error (and the warnings) on stderr. */
export async function parseProposalFile(io: CliIo, file: string): Promise<Plan> {
  const result = parseProposal(await readInput(io, file));
  if (!result.ok) {
    const warnings = result.warnings.length ? `\n${listIssues('warning', result.warnings)}` : '';
    throw new CliExit(
      EXIT.invalid,
      `${file}: the proposal cannot be executed (${result.errors.length} error${result.errors.length === 1 ? '' : 's'}):\n${listIssues('error', result.errors)}${warnings}`,
    );
  }
  if (result.warnings.length) io.stderr(`${listIssues('warning', result.warnings)}\n`);
  return result.value;
}

export const registerParse: Register = (program, io) => {
  program
    .command('parse')
    .description('read a proposal body (FILE, or - for stdin) and print its plan as canonical JSON')
    .argument('<file>', 'the proposal body (markdown or a copied Goverland page), or - to read stdin')
    .addHelpText(
      'after',
      '\nExit 0 with the plan JSON on stdout (warnings on stderr); exit 1 with every error and its line on stderr\nand nothing on stdout when the proposal cannot be executed.\n\nExample:\n  govbridge parse proposal.md > plan.json',
    )
    .action(async (file: string) => {
      const plan = await parseProposalFile(io, file);
      io.stdout(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
    });
};
