import { formatTao, percentUnits } from '../amount';
import type { AllocationPlan } from '../plan';
import type { PlanFacts, Where } from './facts';
import { issue, type ParseIssue } from './issues';
import { checkSubtotals } from './total';

/**
 * docs/proposal-format.md §2: the block is authoritative, and prose that disagrees with it is an error naming
 * both values, so voters never approve one plan while govbridge executes another.
 */
const at = (w: Where | undefined) => (w?.line ? ` (line ${w.line})` : '');
const tao = (rao: bigint) => `${formatTao(rao)} TAO`;

export function crossCheck(plan: AllocationPlan, prose: PlanFacts, block: PlanFacts): ParseIssue[] {
  const errors: ParseIssue[] = [];
  const conflict = (w: Where, what: string, proseValue: string, blockValue: string, blockWhere?: Where) =>
    errors.push(
      issue(
        w.line,
        w.text,
        `prose and govbridge block disagree on ${what}: prose says ${proseValue}, block says ${blockValue}${at(blockWhere)}`,
      ),
    );
  for (const t of prose.totals) {
    if (t.value !== plan.totalRao) conflict(t, 'the total', tao(t.value), tao(plan.totalRao), block.totals[0]);
  }
  for (const a of prose.allocations) {
    const mine = plan.allocations.find((x) => x.netuid === a.netuid);
    const blockWhere = block.allocations.find((x) => x.netuid === a.netuid);
    const label = a.netuid === 0 ? 'Root' : `SN${a.netuid}`;
    if (!mine) {
      conflict(a, label, `it gets ${a.percent ?? '?'}%`, 'it gets nothing');
      continue;
    }
    if (a.percent !== null && percentUnits(a.percent) !== percentUnits(mine.percent))
      conflict(a, `${label}'s percent`, `${a.percent}%`, `${mine.percent}%`, blockWhere);
    if (a.rao !== null && a.rao !== mine.rao) conflict(a, `${label}'s amount`, tao(a.rao), tao(mine.rao), blockWhere);
  }
  if (prose.allocations.length > 0) {
    for (const b of plan.allocations) {
      if (!prose.allocations.some((a) => a.netuid === b.netuid)) {
        const w = block.allocations.find((x) => x.netuid === b.netuid);
        errors.push(
          issue(
            w?.line ?? null,
            w?.text ?? '',
            `prose and govbridge block disagree: the block allocates ${b.percent}% to netuid ${b.netuid}, the prose does not mention it`,
          ),
        );
      }
    }
  }
  for (const d of prose.dcaDurations) {
    if (plan.dca && d.value !== plan.dca.duration) conflict(d, 'the DCA duration', d.value, plan.dca.duration, block.dcaDurations[0]);
  }
  for (const c of prose.cadences) {
    if (plan.dca && !plan.dca.cadences.includes(c.value))
      conflict(c, 'the cadence', c.value, plan.dca.cadences.join(' or '), block.cadences[0]);
  }
  for (const l of prose.lockDurations) {
    if (l.value !== plan.lock?.duration) conflict(l, 'the lock', l.value, plan.lock?.duration ?? 'no lock', block.lockDurations[0]);
  }
  // Prose that speaks of a lock the block does not have, or ties it to a DCA of another length.
  const lockToDca = [...prose.lockImplied, ...prose.lockToDcaEnd];
  for (const w of lockToDca) {
    if (plan.dca && plan.lock?.duration !== plan.dca.duration)
      conflict(
        w,
        'the lock',
        `it lasts as long as the DCA (${plan.dca.duration})`,
        plan.lock?.duration ?? 'no lock',
        block.lockDurations[0],
      );
  }
  if (!plan.lock) {
    for (const w of prose.lockMentions) {
      if (!prose.lockDurations.some((l) => l.line === w.line) && !lockToDca.some((l) => l.line === w.line))
        conflict(w, 'the lock', 'there is one', 'no lock');
    }
  }
  if (plan.lock) for (const w of prose.lockDenied) conflict(w, 'the lock', 'there is none', plan.lock.duration, block.lockDurations[0]);
  errors.push(...prose.clauseErrors, ...checkSubtotals(plan, prose));
  return errors;
}
