import { raoToTao } from '../domain/review';
import type { PlanView } from '../http/ports';
import { planProgress } from '../http/progress';
import { requireConfig, type Register } from './context';
import { withReadModel } from './read-model';
import { progressBar } from './text-table';

function lockText(seconds: number | null): string {
  if (seconds === null) return 'no lock';
  if (seconds === 0) return 'lock ended';
  return `lock ${Math.floor(seconds / 86400)}d ${Math.floor((seconds % 86400) / 3600)}h left`;
}

/** One plan: a heading line, then a progress bar per subnet (deployed of planned). */
export function planStatus(view: PlanView, progress: ReturnType<typeof planProgress>): string {
  const lines = [`${view.id}  ${view.title}  [${view.state}]  ${lockText(progress.lockRemainingSeconds)}`];
  if (view.halt) lines.push(`  HALTED by ${view.halt.by} at ${view.halt.at}: ${view.halt.reason}`);
  const width = Math.max(0, ...progress.subnets.map((s) => `SN${s.netuid} ${s.name}`.length));
  for (const s of progress.subnets) {
    const label = `SN${s.netuid} ${s.name}`.padEnd(width);
    lines.push(
      `  ${label} ${progressBar(s.deployedRao, s.plannedRao)} ${raoToTao(s.deployedRao)} / ${raoToTao(s.plannedRao)} TAO  ` +
        `(schedule by now ${raoToTao(s.scheduledRao)}, tranches ${s.tranchesDone}/${s.tranchesTotal})`,
    );
  }
  lines.push(`  ${'total'.padEnd(width)} ${progressBar(progress.deployedRao, progress.plannedRao)} ${raoToTao(progress.deployedRao)} / ${raoToTao(progress.plannedRao)} TAO`);
  return lines.join('\n') + '\n';
}

export const registerStatus: Register = (program, io) => {
  program
    .command('status')
    .description('plans with their state, lock and per-subnet progress bars (deployed of planned TAO)')
    .action(async () => {
      await withReadModel(requireConfig(io), async (h) => {
        const plans = h.read.plans();
        if (plans.length === 0) {
          io.stdout('no plans yet\n');
          return;
        }
        const now = new Date();
        io.stdout(plans.map((p) => planStatus(p, planProgress(p, h.read.tranches(p.id), now))).join('\n'));
      });
    });
};
