import type { Logger } from '../log';
import { buildSchedule } from '../domain/schedule';
import type { LedgerEntry } from '../store/ledger';
import type { Job } from '../jobs/job';
import type { RunnablePlan } from './plans';
import { NOTE, emptyReport, type TickReport } from './report';
import { reconcileUnsettled, type ReconcileReport } from './reconcile';
import { submit } from './submit';
import { planProblems } from '../domain/execution/plan-checks';
import { TickBudget } from '../domain/execution/caps';
import { activatePlan } from './activation';
import { collectTranches } from './collect';
import { isComplete } from '../domain/execution/completion';
import { tickProblem } from './faults';

import type { ExecutorDeps } from './deps';
export type { ExecutorDeps, ExecutorSettings } from './deps';

const DAY_MS = 86_400_000;

/**
 * Runs accepted plans: phase 1 at activation, then each tick the due DCA tranches of every
 * active plan in one batch, capped, price-limited and written to the ledger before sending.
 * One tick = one runOnce(now); it never throws, so a failure never ends the cron loop.
 */
export class Executor implements Job {
  readonly name = 'executor';
  private readonly log: Logger;
  /** The first tick of a process checks completion even if it sends nothing (after a crash). */
  private checkedOnce = false;

  constructor(private readonly d: ExecutorDeps) {
    this.log = d.log.child({ module: 'executor' });
  }

  /** Settles what a crash left `submitting` before the service sends anything new. */
  async reconcileAtStart(now: Date): Promise<ReconcileReport> {
    return reconcileUnsettled(this.d.chain, this.d.ledger, now, this.log);
  }

  async runOnce(now: Date): Promise<TickReport> {
    const report = emptyReport(now);
    try {
      await this.tick(now, report);
    } catch (e) {
      const p = tickProblem(e);
      report.problems.push(p);
      this.log.error('tick failed', { error: p.message, code: p.code });
    }
    if (report.sent > 0 || report.activated.length || report.completed.length || report.refused || report.problems.length) {
      this.log.info('tick', { ...report });
    }
    return report;
  }

  private async tick(now: Date, report: TickReport): Promise<void> {
    const rec = await this.reconcileAtStart(now);
    report.reconciled = rec.settled;
    report.pending = rec.pending;
    if (rec.pending > 0) return;
    const { caps } = this.d.settings;
    const budget = new TickBudget(caps.perTick, caps.perDay, await this.d.ledger.committedSince(new Date(now.getTime() - DAY_MS)));
    const entries: LedgerEntry[] = [];
    for (const p of await this.d.plans.runnable(now)) {
      const planEntries = await this.planTick(p, now, budget, report);
      entries.push(...planEntries);
    }
    // A halt may have arrived while prices were read: re-read each plan's state at the last moment.
    const sendable: LedgerEntry[] = [];
    for (const e of entries) if ((await this.d.plans.state(e.planId)) === 'active') sendable.push(e);
    for (const e of entries.filter((x) => !sendable.includes(x))) {
      budget.refund(e.amount);
      report.notes.push({
        planId: e.planId,
        code: NOTE.leftActive,
        note: `tranche ${e.trancheIndex} on netuid ${e.netuid} not sent: the plan left the active state`,
      });
    }
    if (sendable.length > 0) {
      report.sent = sendable.length;
      report.batch = await submit(this.d.chain, this.d.ledger, sendable, now, this.log);
    }
    // Completion can only change when the ledger did: skip the scan on quiet ticks.
    if (this.checkedOnce && report.sent === 0 && report.reconciled === 0 && report.activated.length === 0) return;
    this.checkedOnce = true;
    for (const p of await this.d.plans.runnable(now)) {
      if ((await this.d.plans.state(p.id)) !== 'active' || !p.activatedAt) continue;
      if (isComplete(p, await this.d.ledger.progress(p.id))) {
        await this.d.plans.complete(p.id, now);
        report.completed.push(p.id);
        this.log.info('plan completed', { planId: p.id });
      }
    }
  }

  private async planTick(p: RunnablePlan, now: Date, budget: TickBudget, report: TickReport): Promise<LedgerEntry[]> {
    const state = await this.d.plans.state(p.id);
    if (state !== 'accepted' && state !== 'active') {
      report.notes.push({ planId: p.id, code: NOTE.planState, note: `skipped: plan is ${state ?? 'unknown'}` });
      return [];
    }
    const problems = planProblems(p.plan);
    if (problems.length > 0) {
      report.notes.push({ planId: p.id, code: NOTE.plan, note: `refused: ${problems.join('; ')}` });
      this.log.error('plan refused by the executor checks; nothing sent', { planId: p.id, problems });
      return [];
    }
    let activatedAt = p.activatedAt;
    if (state === 'accepted') {
      activatedAt = await activatePlan(this.d, this.log, p, now, report);
      if (!activatedAt) return [];
    }
    let schedule;
    try {
      schedule = buildSchedule(p.plan, activatedAt!, p.cadence);
    } catch (e) {
      report.notes.push({ planId: p.id, code: NOTE.schedule, note: `no schedule: ${(e as Error).message}` });
      return [];
    }
    return collectTranches(this.d, this.log, p, schedule, now, budget, report);
  }
}
