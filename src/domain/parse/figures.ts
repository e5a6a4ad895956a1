import { displayTao } from '../tao-text';
import type { AllocationPlan } from '../plan';
import { parseIsoDuration } from '../duration';
import type { FigureFact } from './facts';
import { issue, type ParseIssue } from './issues';
import { cadenceRange } from './window';

/**
 * Cross-checks the schedule figures a proposal states against the schedule it implies.
 * A mismatch is a warning naming both numbers: the plan stands, but voters may have read a
 * different number than the one govbridge will execute.
 */
const CADENCE_OF = { day: 'P1D', week: 'P1W' } as const;

function derived(plan: AllocationPlan, f: FigureFact): { lo: bigint; hi: bigint; what: string } | null {
  if (!plan.dca) return null;
  const dca = plan.allocations.filter((a) => a.mode === 'dca').map((a) => a.rao);
  if (dca.length === 0) return null;
  const amounts = f.scope === 'all' ? [dca.reduce((s, x) => s + x, 0n)] : dca;
  const scope = f.scope === 'all' ? ' across all subnets' : '';
  const min = (xs: bigint[]) => xs.reduce((a, b) => (b < a ? b : a));
  const max = (xs: bigint[]) => xs.reduce((a, b) => (b > a ? b : a));
  const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
  if (f.period === 'whole') return { lo: min(amounts), hi: max(amounts), what: `the allocation${scope} is` };
  if (f.period === 'month') {
    const p = parseIsoDuration(plan.dca.duration);
    if (!p.ok || p.value.weeks || p.value.days) return null;
    const months = BigInt(p.value.years * 12 + p.value.months);
    return { lo: min(amounts.map((a) => a / months)), hi: max(amounts.map((a) => ceilDiv(a, months))), what: `a month${scope} is` };
  }
  const { min: nMin, max: nMax } = cadenceRange(plan.dca.duration, CADENCE_OF[f.period]);
  if (nMin < 1) return null;
  const word = f.period === 'day' ? 'daily' : 'weekly';
  return {
    lo: min(amounts.map((a) => a / BigInt(nMax))),
    hi: max(amounts.map((a) => ceilDiv(a, BigInt(nMin)))),
    what: `a ${word} tranche${scope} is`,
  };
}

export function checkFigures(plan: AllocationPlan, figures: FigureFact[]): ParseIssue[] {
  const warnings: ParseIssue[] = [];
  for (const f of figures) {
    const d = derived(plan, f);
    const label = f.label.charAt(0).toLowerCase() + f.label.slice(1);
    if (!d) continue;
    const fits = f.values.map((v) => {
      const tol = v.scale <= 8 ? 5n * 10n ** BigInt(8 - v.scale) : 0n;
      return v.rao >= d.lo - tol && v.rao <= d.hi + tol;
    });
    if (fits.every(Boolean)) continue;
    const schedule = d.lo === d.hi ? `${displayTao(d.lo)} TAO` : `${displayTao(d.lo)}-${displayTao(d.hi)} TAO`;
    const [low, high] = f.values;
    let message: string;
    if (f.values.length === 2 && fits[0] && low && high) {
      message = `stated ${label} "${f.written}" matches the schedule only at its low end: ${d.what} ${schedule}, not ${high.text} TAO`;
    } else if (f.values.length === 2 && fits[1] && low) {
      message = `stated ${label} "${f.written}" matches the schedule only at its high end: ${d.what} ${schedule}, not ${low.text} TAO`;
    } else {
      message = `stated ${label} "${f.written}" does not match the schedule: ${d.what} ${schedule}`;
    }
    warnings.push(issue(f.line, f.text, message));
  }
  return warnings;
}
