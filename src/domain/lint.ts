import { parseProposal, type ParseIssue, type ParseResult } from './parse';
import { renderBlock } from './parse/render';
import type { Plan } from './plan';
import { buildSchedule, scheduleEnd } from './schedule';

/** How many tranches of one size an allocation gets (the larger ones come first). */
export interface TrancheSize {
  rao: bigint;
  count: number;
}

/** What one allowed cadence would do to every DCA allocation from the chosen start. */
export interface CadenceSchedule {
  cadence: string;
  /** Tranches per allocation (the same for every DCA allocation of the plan). */
  count: number;
  first: Date;
  last: Date;
  /** start + D: the window's exclusive end. */
  end: Date;
  allocations: { netuid: number; name: string; rao: bigint; sizes: TrancheSize[] }[];
}

/**
 * Everything a proposer needs before posting: the plan (or null), every error and warning with
 * its line, the schedule of each cadence the plan allows, and the ```govbridge block to paste.
 * `govbridge lint` prints it as text; `POST /api/lint` sends it as JSON.
 */
export interface LintReport {
  ok: boolean;
  plan: Plan | null;
  errors: ParseIssue[];
  warnings: ParseIssue[];
  schedules: CadenceSchedule[];
  /** The block that reads exactly as this plan; null without an allocation plan. */
  block: string | null;
  start: Date;
}

function sizesOf(amounts: bigint[]): TrancheSize[] {
  const sizes: TrancheSize[] = [];
  for (const rao of amounts) {
    const last = sizes[sizes.length - 1];
    if (last && last.rao === rao) last.count += 1;
    else sizes.push({ rao, count: 1 });
  }
  return sizes;
}

/**
 * Reads the body with the same parser the service uses and, for a clean allocation plan,
 * builds the schedule of every allowed cadence from `start` with the executor's own schedule
 * function. Pure: the activation time is the caller's choice.
 */
export function lintProposal(body: string, start: Date): LintReport {
  return lintParsed(parseProposal(body), start);
}

/** The report of a body already parsed (by the service's parse worker, off the event loop). */
export function lintParsed(result: ParseResult, start: Date): LintReport {
  const base = { start, warnings: result.warnings };
  if (!result.ok) return { ...base, ok: false, plan: null, errors: result.errors, schedules: [], block: null };
  const plan = result.value;
  if (plan.kind !== 'allocation') return { ...base, ok: true, plan, errors: [], schedules: [], block: null };
  const schedules: CadenceSchedule[] = [];
  for (const cadence of plan.dca?.cadences ?? []) {
    const tranches = buildSchedule(plan, start, cadence);
    if (tranches.length === 0) continue;
    const dca = plan.allocations.filter((a) => a.mode === 'dca');
    const allocations = dca.map((a) => ({
      netuid: a.netuid,
      name: a.name,
      rao: a.rao,
      sizes: sizesOf(tranches.filter((t) => t.netuid === a.netuid).map((t) => t.rao)),
    }));
    const count = tranches.filter((t) => t.netuid === dca[0]!.netuid).length;
    // Every DCA allocation shares the same due times, in index order.
    schedules.push({
      cadence,
      count,
      first: tranches[0]!.dueAt,
      last: tranches[count - 1]!.dueAt,
      end: scheduleEnd(plan, start)!,
      allocations,
    });
  }
  return { ...base, ok: true, plan, errors: [], schedules, block: renderBlock(plan) };
}
