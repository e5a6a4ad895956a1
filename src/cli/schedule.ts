import { formatTao } from '../domain/amount';
import { parseIsoDuration } from '../domain/duration';
import { buildSchedule, type Tranche } from '../domain/schedule';
import { CliExit, EXIT, type Register } from './context';
import { parseInstant } from './input';
import { parseProposalFile } from './parse';

export const trancheJson = (t: Tranche) => ({ netuid: t.netuid, index: t.index, dueAt: t.dueAt.toISOString(), rao: t.rao.toString() });

function summary(tranches: Tranche[]): string {
  const byNetuid = new Map<number, Tranche[]>();
  for (const t of tranches) byNetuid.set(t.netuid, [...(byNetuid.get(t.netuid) ?? []), t]);
  const lines: string[] = [];
  for (const [netuid, list] of byNetuid) {
    const counts = new Map<bigint, number>();
    for (const t of list) counts.set(t.rao, (counts.get(t.rao) ?? 0) + 1);
    const sizes = [...counts].map(([rao, n]) => `${n} × ${formatTao(rao)} TAO`).join(' + ');
    const total = list.reduce((s, t) => s + t.rao, 0n);
    lines.push(
      `SN${netuid}: ${list.length} tranches (${sizes} = ${formatTao(total)} TAO), ${list[0]!.dueAt.toISOString()} → ${list[list.length - 1]!.dueAt.toISOString()}`,
    );
  }
  return lines.join('\n');
}

export const registerSchedule: Register = (program, io) => {
  program
    .command('schedule')
    .description('print the DCA tranches a proposal implies for an activation time and a cadence')
    .argument('<file>', 'the proposal body, or - to read stdin')
    .requiredOption('--start <iso>', 'activation time, ISO 8601 with a zone (e.g. 2025-02-14T00:00:00Z)')
    .requiredOption('--cadence <iso>', 'one of the cadences the proposal allows: P1D (daily), P1W (weekly)')
    .option('--json', 'print a JSON array of tranches {netuid, index, dueAt, rao} (rao as a string)')
    .addHelpText('after', '\nExample:\n  govbridge schedule proposal.md --start 2025-02-14T00:00:00Z --cadence P1D --json')
    .action(async (file: string, opts: { start: string; cadence: string; json?: boolean }) => {
      const start = parseInstant('--start', opts.start);
      if (!parseIsoDuration(opts.cadence).ok)
        throw new CliExit(EXIT.usage, `--cadence "${opts.cadence}" is not an ISO 8601 duration such as P1D or P1W`);
      const plan = await parseProposalFile(io, file);
      if (plan.kind !== 'allocation') throw new CliExit(EXIT.invalid, `${file} is an emergency proposal; it has no schedule`);
      if (!plan.dca) throw new CliExit(EXIT.invalid, `${file} has no DCA allocation; nothing is scheduled`);
      if (!plan.dca.cadences.includes(opts.cadence)) {
        throw new CliExit(EXIT.invalid, `cadence ${opts.cadence} is not allowed by the proposal; allowed: ${plan.dca.cadences.join(', ')}`);
      }
      const tranches = buildSchedule(plan, start, opts.cadence);
      if (opts.json) io.stdout(`${JSON.stringify(tranches.map(trancheJson), null, 2)}\n`);
      else
        io.stdout(
          `${summary(tranches)}\n\n${tranches.map((t) => `SN${t.netuid}  #${t.index}  ${t.dueAt.toISOString()}  ${formatTao(t.rao)} TAO`).join('\n')}\n`,
        );
    });
};
