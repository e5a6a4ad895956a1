import type { Logger } from '../log';
import type { ProposalRecord } from '../domain/proposal';
import type { AllocationPlan, EmergencyPlan } from '../domain/plan';
import { parseProposal, type ParseResult } from '../domain/parse';
import { addDuration } from '../domain/duration';
import { RULE_CODES, reasonsOf, recordedProblems, verdict, verdictOf, type PlanOutcome, type Policy, type Verdict } from '../domain/rules';
import { blocksProposal, staleness, transition, type PlanEvent, type PlanState } from '../domain/lifecycle';
import type { PlanCommand } from '../domain/plan-command';
import { problem, ProblemError, type Problem } from '../domain/problem';
import { PlanCommands } from './plan-command';
import { TransitionError } from './transition-error';

export { TransitionError } from './transition-error';
import type { PlanStore, DecisionRow } from '../store/plans';
import type { AuditSink, Notify } from './audit-sink';
import type { NotifyEventName } from '../notify/events';

export interface Decision {
  executable: boolean;
  /** The refusals with their codes; `reasons` is their wording, as the store keeps it. */
  problems: Problem[];
  reasons: string[];
  outcome: DecisionRow['outcome'];
  planId: string | null;
}

/** Lifecycle events that people hear about; accept and refuse are sent with their reasons. */
const NOTICES: Partial<Record<PlanEvent, NotifyEventName>> = {
  halt: 'plan.halted',
  resume: 'plan.resumed',
  cancel: 'plan.cancelled',
  complete: 'plan.completed',
};

/** A recorded decision: the store keeps the wording of its reasons only, not their codes. */
const asDecision = (d: DecisionRow): Decision => ({
  executable: d.executable,
  problems: recordedProblems(d.reasons),
  reasons: d.reasons,
  outcome: d.outcome,
  planId: d.planId,
});

/** Turns parser issues into sentences that name the line and the text. */
export function toPlanOutcome(parsed: ParseResult): PlanOutcome {
  if (parsed.ok) return { ok: true, plan: parsed.value };
  return {
    ok: false,
    errors: parsed.errors.map(
      (e) => `${e.line !== null ? `line ${e.line}: ` : ''}${e.message}${e.text ? ` ("${e.text.slice(0, 80)}")` : ''}`,
    ),
  };
}

/**
 * Applies the rules to a record, recording nothing (the `check` command). `parsed` is the body
 * already parsed off the event loop (the service's parse pool); without it the body is parsed here.
 */
export function evaluateRecord(
  record: ProposalRecord,
  policy: Policy,
  now: Date,
  parsed: ParseResult = parseProposal(record.body, policy.parseLimits),
): Verdict & { parsed: ParseResult } {
  return { ...verdict(record, toPlanOutcome(parsed), policy, now), parsed };
}

/**
 * The governance engine: every closed proposal gets a verdict, a recorded decision, and — when it
 * passes — a plan in the lifecycle. It is the only writer of plan states, so every change lands
 * in the audit trail together with who or what caused it.
 */
export class Governance {
  private readonly log: Logger;
  private readonly commands: PlanCommands;

  constructor(
    private readonly deps: {
      plans: PlanStore;
      audit: AuditSink;
      policy: Policy;
      cadence: string;
      log: Logger;
      notify?: Notify;
      /** When this store first saw a proposal (the sources' record); the decision time when unknown. */
      firstSeen?: (proposalId: string) => Promise<Date | undefined>;
    },
  ) {
    this.log = deps.log.child({ module: 'governance' });
    // Emergencies act alone, so no signature threshold applies to them.
    this.commands = new PlanCommands({ plans: deps.plans, audit: deps.audit, mover: this, resumeThreshold: 1 });
  }

  evaluate(record: ProposalRecord, now: Date, parsed?: ParseResult): Verdict & { parsed: ParseResult } {
    return evaluateRecord(record, this.deps.policy, now, parsed);
  }

  /** Whether a proposal already has a recorded decision (then its body need not be parsed again). */
  async isDecided(proposalId: string): Promise<boolean> {
    return (await this.deps.plans.decision(proposalId)) !== undefined;
  }

  /** The parse limits of the policy, for a caller that parses bodies elsewhere (the parse pool). */
  get parseLimits(): Policy['parseLimits'] {
    return this.deps.policy.parseLimits;
  }

  /**
   * Decides a proposal once; a proposal already decided returns its recorded decision.
   * `refusals` are problems found outside the rules (the body is not the author's) that make it
   * non-executable whatever the rules say. `parsed` is the body already parsed off the event
   * loop (the service's parse pool); without it the body is parsed here.
   */
  async decide(record: ProposalRecord, now: Date, refusals: Problem[] = [], parsed?: ParseResult): Promise<Decision> {
    const { plans } = this.deps;
    const known = await plans.decision(record.id);
    if (known) return asDecision(known);
    const evaluated = this.evaluate(record, now, parsed);
    const v = refusals.length > 0 ? { ...evaluated, ...verdictOf([...refusals, ...evaluated.problems], evaluated.tally) } : evaluated;
    const plan = v.parsed.ok ? v.parsed.value : null;
    // The reads the decision rests on (the recorded decision, the locking plans, the target's
    // state) and its writes share one write transaction, so two callers deciding at once cannot
    // both decide the same proposal, nor both pass a lock only one of them may take.
    return plans.tx(async () => {
      const raced = await plans.decision(record.id);
      if (raced) return asDecision(raced);
      if (plan?.kind === 'emergency') return this.decideEmergency(record, plan, v, now);
      return this.decideAllocation(record, plan, v, now);
    });
  }

  private async decideAllocation(record: ProposalRecord, plan: AllocationPlan | null, v: Verdict, now: Date): Promise<Decision> {
    const { plans } = this.deps;
    const problems = [...v.problems];
    let outcome: DecisionRow['outcome'] = v.executable ? 'accepted' : 'rejected';
    if (v.executable) {
      const locker = (await plans.list()).find((p) => p.id !== record.id && blocksProposal(p, record.end));
      if (locker) {
        outcome = 'blocked';
        const until = locker.lockEndsAt
          ? locker.lockEndsAt.toISOString()
          : `activation of plan ${locker.id} + ${locker.plan.lock?.duration ?? 'its lock'}`;
        const message = `locked until ${until} by plan ${locker.id} ("${locker.title}"); only an emergency proposal may change it`;
        problems.push(problem(RULE_CODES.locked, message, { planId: locker.id, until }));
      }
    }
    // A vote this store first sees long after it ended may already have been executed by an
    // earlier installation (a wiped disk, a new database): it waits for people to adopt it.
    const seen = outcome === 'accepted' ? await this.deps.firstSeen?.(record.id) : undefined;
    const stale = outcome === 'accepted' ? staleness(record.end, seen ?? now, this.deps.policy.activationGrace ?? 'P7D') : null;
    if (stale) {
      outcome = 'stale';
      problems.push(problem(RULE_CODES.stale, stale));
    }
    const reasons = reasonsOf(problems);
    const cadence = plan ? this.pickCadence(plan) : this.deps.cadence;
    return plans.tx(async () => {
      if (plan) {
        await plans.insertPlan(
          {
            id: record.id,
            space: record.space,
            title: record.title,
            state: 'detected',
            plan,
            cadence,
            proposalEnd: record.end,
            acceptedAt: null,
          },
          now,
        );
        await this.audit('detected', record.id, 'proposal closed and parsed', now, { source: record.origin });
        const event: PlanEvent =
          outcome === 'accepted' ? 'accept' : outcome === 'blocked' ? 'block' : outcome === 'stale' ? 'stale' : 'reject';
        await this.move(record.id, 'detected', event, 'rules', reasons.join('; ') || 'all governance rules pass', now);
        if (stale) await plans.setWaiting(record.id, stale, now);
      }
      await plans.recordDecision({
        proposalId: record.id,
        space: record.space,
        title: record.title,
        proposalEnd: record.end,
        kind: plan ? 'allocation' : 'none',
        outcome,
        executable: outcome === 'accepted',
        reasons,
        planId: plan ? record.id : null,
        decidedAt: now,
      });
      const codes = problems.map((p) => p.code);
      this.log.info('proposal decided', { proposalId: record.id, outcome, reasons, codes });
      this.deps.notify?.({
        event: outcome === 'accepted' ? 'plan.accepted' : 'plan.refused',
        summary: outcome === 'accepted' ? `Plan accepted: ${record.title}` : `Proposal ${outcome}: ${record.title} — ${reasons.join('; ')}`,
        at: now.toISOString(),
        planId: plan ? record.id : null,
        proposalId: record.id,
        data: { outcome, reasons, codes },
      });
      return { executable: outcome === 'accepted', problems, reasons, outcome, planId: plan ? record.id : null };
    });
  }

  private async decideEmergency(record: ProposalRecord, em: EmergencyPlan, v: Verdict, now: Date): Promise<Decision> {
    const { plans } = this.deps;
    const command: PlanCommand = {
      action: em.action,
      planId: em.target,
      by: { kind: 'emergency', proposalId: record.id, space: record.space, reason: em.reason },
    };
    const checked = await this.commands.check(command);
    const problems = [...v.problems, ...(checked.ok ? [] : checked.errors)];
    const reasons = reasonsOf(problems);
    const target = await plans.get(em.target);
    const applied = problems.length === 0 && target !== undefined;
    return plans.tx(async () => {
      if (applied) {
        const done = await this.commands.apply(command, now);
        // The check above ran in this same transaction, so nothing can have moved in between.
        if (!done.ok) throw new ProblemError(done.errors[0]!, 'conflict');
      } else {
        await this.audit('emergency.refused', record.id, reasons.join('; '), now, { target: em.target, action: em.action }, target?.id);
      }
      await plans.recordDecision({
        proposalId: record.id,
        space: record.space,
        title: record.title,
        proposalEnd: record.end,
        kind: 'emergency',
        outcome: applied ? 'applied' : 'refused',
        executable: applied,
        reasons,
        planId: target?.id ?? null,
        decidedAt: now,
      });
      this.log.warn('emergency proposal decided', { proposalId: record.id, action: em.action, target: em.target, applied, reasons });
      return { executable: applied, problems, reasons, outcome: applied ? 'applied' : 'refused', planId: target?.id ?? null };
    });
  }

  /** The configured cadence when the proposal allows it, else the first one it allows. */
  private pickCadence(plan: AllocationPlan): string {
    const allowed = plan.dca?.cadences ?? [this.deps.cadence];
    if (allowed.includes(this.deps.cadence)) return this.deps.cadence;
    this.log.warn('configured cadence not allowed by the proposal; using its first cadence', { configured: this.deps.cadence, allowed });
    return allowed[0]!;
  }

  /**
   * Applies one lifecycle event to a plan that is in `from`, records it in the audit trail and
   * notifies. Throws TransitionError (a conflict) on an illegal move or when another writer moved it first.
   */
  async move(
    planId: string,
    from: PlanState,
    event: PlanEvent,
    actor: string,
    reason: string,
    now: Date,
    proposalId?: string,
  ): Promise<PlanState> {
    const next = transition(from, event);
    if (!next.ok) throw new TransitionError(next.errors[0]!, { planId, from, event });
    const to = next.value;
    // The state change and its audit line land together or not at all (a caller's transaction is joined).
    await this.deps.plans.tx(async () => {
      const plan = await this.deps.plans.get(planId);
      const extra =
        event === 'activate'
          ? { activatedAt: now, lockEndsAt: plan?.plan.lock ? addDuration(now, plan.plan.lock.duration) : null }
          : { ended: to === 'completed' || to === 'cancelled' };
      if (!(await this.deps.plans.setState(planId, from, to, now, extra)))
        throw new TransitionError(`plan ${planId} is no longer ${from}`, { planId, from, event });
      await this.audit(to, proposalId ?? planId, reason, now, { from, event, actor }, planId, actor);
    });
    this.log.info('plan state changed', { planId, from, to: next.value, actor, reason });
    const notice = NOTICES[event];
    if (notice)
      this.deps.notify?.({
        event: notice,
        summary: `Plan ${planId} ${next.value} by ${actor}: ${reason}`,
        at: now.toISOString(),
        planId,
        proposalId: proposalId ?? planId,
        data: { from, to: next.value, actor },
      });
    return next.value;
  }

  private async audit(
    action: string,
    proposalId: string,
    reason: string,
    now: Date,
    data: unknown,
    planId: string | null = proposalId,
    actor = 'governance',
  ): Promise<void> {
    await this.deps.audit.append({ actor, action, planId, proposalId, reason, data }, now);
  }
}
