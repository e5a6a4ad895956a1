import { displayTao } from '../domain/tao-text';
import type { PlanView } from '../http/ports';
import { planProgress, sentText } from '../http/progress';
import { requireConfig, type Register } from './context';
import { withApp } from '../app/open';
import { progressBar } from './text-table';

function lockText(seconds: number | null): string {
  if (seconds === null) return 'no lock';
  if (seconds === 0) return 'lock ended';
  return `lock ${Math.floor(seconds / 86400)}d ${Math.floor((seconds % 86400) / 3600)}h left`;
}

const MOVE_WORDS: Record<string, string> = {
  removeStake: 'unstaked from root',
  removeStakeLimit: 'unstaked from root',
  addStake: 'staked to root',
  addStakeLimit: 'staked to root',
};

/** "plan 884 TAO: 663 TAO held at root, 221 TAO by DCA; phase 1: 221 TAO unstaked from root (finalized)". */
export function planTotalsText(view: PlanView): string {
  const hold = view.plan.allocations.filter((a) => a.mode === 'hold').reduce((s, a) => s + a.rao, 0n);
  const moves = (view.phase1 ?? []).map((m) => `${displayTao(m.amountRao)} TAO ${MOVE_WORDS[m.action] ?? m.action} (${m.state})`);
  return `plan ${displayTao(view.plan.totalRao)} TAO: ${displayTao(hold)} TAO held at root, ${displayTao(view.plan.totalRao - hold)} TAO by DCA; phase 1: ${moves.length ? moves.join(', ') : 'nothing moved yet'}`;
}

/** One plan: a heading line, then a progress bar per subnet (deployed of planned). */
export function planStatus(view: PlanView, progress: ReturnType<typeof planProgress>): string {
  const lines = [`${view.id}  ${view.title}  [${view.state}]  ${lockText(progress.lockRemainingSeconds)}`];
  if (view.halt) lines.push(`  HALTED by ${view.halt.by} at ${view.halt.at}: ${view.halt.reason}`);
  if (view.state === 'stale')
    lines.push(`  STALE, not activated: ${view.waiting ?? 'first seen too long after its vote ended'} (govbridge adopt --plan ${view.id})`);
  lines.push(`  ${planTotalsText(view)}`);
  const width = Math.max(0, ...progress.subnets.map((s) => `SN${s.netuid} ${s.name}`.length));
  for (const s of progress.subnets) {
    const label = `SN${s.netuid} ${s.name}`.padEnd(width);
    lines.push(
      `  ${label} ${progressBar(s.sentRao, s.plannedRao)} ${sentText(s.sentRao, s.plannedRao, s.feesRao)}, ` +
        `${displayTao(s.alphaReceived)} alpha (schedule by now ${displayTao(s.scheduledRao)}, tranches ${s.tranchesDone}/${s.tranchesTotal})`,
    );
  }
  lines.push(
    `  ${'total'.padEnd(width)} ${progressBar(progress.sentRao, progress.plannedRao)} ${sentText(progress.sentRao, progress.plannedRao, progress.feesRao)}`,
  );
  return lines.join('\n') + '\n';
}

export const registerStatus: Register = (program, io) => {
  program
    .command('status')
    .description('plans with their state, lock and per-subnet progress bars (deployed of planned TAO)')
    .action(async () => {
      await withApp(requireConfig(io), { mode: 'read' }, async (h) => {
        const plans = await h.read.plans();
        if (plans.length === 0) io.stdout('no plans yet\n');
        else {
          const now = await h.now();
          const texts: string[] = [];
          for (const p of plans) texts.push(planStatus(p, planProgress(p, await h.read.tranches(p.id), now)));
          io.stdout(texts.join('\n'));
        }
      });
    });
};
