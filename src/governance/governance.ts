import type { Logger } from '../log';
import type { ProposalRecord } from '../domain/proposal';
import type { AllocationPlan, EmergencyPlan } from '../domain/plan';
import { parseProposal, type ParseResult } from '../domain/parse';
import { addDuration } from '../domain/duration';
import { verdict, type PlanOutcome, type Policy, type Verdict } from '../domain/rules';
import { blocksProposal, staleness, transition, type PlanEvent, type PlanState } from '../domain/lifecycle';
import type { PlanStore, DecisionRow } from '../store/plans';
import type { AuditSink, Notify } from './audit-sink';
import type { NotifyEventName } from '../notify/events';

export interface Decision {
  executable: boolean;
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

export class TransitionError extends Error {
  override name = 'TransitionError';
}

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

  constructor(
    private readonly deps: {
      plans: PlanStore;
      audit: AuditSink;
      policy: Policy;
      cadence: string;
      log: Logger;
      notify?: Notify;
      /** When this store first saw a proposal (the sources' record); the decision time when unknown. */
      firstSeen?: (proposalId: string) => Date | undefined;
    },
  ) {
    this.log = deps.log.child({ module: 'governance' });
  }

  evaluate(record: ProposalRecord, now: Date, parsed?: ParseResult): Verdict & { parsed: ParseResult } {
    return evaluateRecord(record, this.deps.policy, now, parsed);
  }

  /** Whether a proposal already has a recorded decision (then its body need not be parsed again). */
  isDecided(proposalId: string): boolean {
    return this.deps.plans.decision(proposalId) !== undefined;
  }

  /** The parse limits of the policy, for a caller that parses bodies elsewhere (the parse pool). */
  get parseLimits(): Policy['parseLimits'] {
    return this.deps.policy.parseLimits;
  }

  /**
   * Decides a proposal once; a proposal already decided returns its recorded decision.
   * `refusals` are reasons found outside the rules (the body is not the author's) that make it
   * non-executable whatever the rules say. `parsed` is the body already parsed off the event
   * loop (the service's parse pool); without it the body is parsed here.
   */
  decide(record: ProposalRecord, now: Date, refusals: string[] = [], parsed?: ParseResult): Decision {
    const { plans } = this.deps;
    const known = plans.decision(record.id);
    if (known) return { executable: known.executable, reasons: known.reasons, outcome: known.outcome, planId: known.planId };
    const evaluated = this.evaluate(record, now, parsed);
    const v = refusals.length > 0 ? { ...evaluated, executable: false, reasons: [...refusals, ...evaluated.reasons] } : evaluated;
    const plan = v.parsed.ok ? v.parsed.value : null;
    if (plan?.kind === 'emergency') return this.decideEmergency(record, plan, v, now);
    return this.decideAllocation(record, plan, v, now);
  }

  private decideAllocation(record: ProposalRecord, plan: AllocationPlan | null, v: Verdict, now: Date): Decision {
    const { plans } = this.deps;
    const reasons = [...v.reasons];
    let outcome: DecisionRow['outcome'] = v.executable ? 'accepted' : 'rejected';
    if (v.executable) {
      const locker = plans.list().find((p) => p.id !== record.id && blocksProposal(p, record.end));
      if (locker) {
        outcome = 'blocked';
        const until = locker.lockEndsAt
          ? locker.lockEndsAt.toISOString()
          : `activation of plan ${locker.id} + ${locker.plan.lock?.duration ?? 'its lock'}`;
        reasons.push(`locked until ${until} by plan ${locker.id} ("${locker.title}"); only an emergency proposal may change it`);
      }
    }
    // A vote this store first sees long after it ended may already have been executed by an
    // earlier installation (a wiped disk, a new database): it waits for people to adopt it.
    const stale =
      outcome === 'accepted'
        ? staleness(record.end, this.deps.firstSeen?.(record.id) ?? now, this.deps.policy.activationGrace ?? 'P7D')
        : null;
    if (stale) {
      outcome = 'stale';
      reasons.push(stale);
    }
    const cadence = plan ? this.pickCadence(plan) : this.deps.cadence;
    return plans.tx(() => {
      if (plan) {
        plans.insertPlan(
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
        this.audit('detected', record.id, 'proposal closed and parsed', now, { source: record.origin });
        const event: PlanEvent =
          outcome === 'accepted' ? 'accept' : outcome === 'blocked' ? 'block' : outcome === 'stale' ? 'stale' : 'reject';
        this.move(record.id, 'detected', event, 'rules', reasons.join('; ') || 'all governance rules pass', now);
        if (stale) plans.setWaiting(record.id, stale, now);
      }
      plans.recordDecision({
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
      this.log.info('proposal decided', { proposalId: record.id, outcome, reasons });
      this.deps.notify?.({
        event: outcome === 'accepted' ? 'plan.accepted' : 'plan.refused',
        summary: outcome === 'accepted' ? `Plan accepted: ${record.title}` : `Proposal ${outcome}: ${record.title} — ${reasons.join('; ')}`,
        at: now.toISOString(),
        planId: plan ? record.id : null,
        proposalId: record.id,
        data: { outcome, reasons },
      });
      return { executable: outcome === 'accepted', reasons, outcome, planId: plan ? record.id : null };
    });
  }

  private decideEmergency(record: ProposalRecord, em: EmergencyPlan, v: Verdict, now: Date): Decision {
    const { plans } = this.deps;
    const reasons = [...v.reasons];
    const target = plans.get(em.target);
    if (!target) reasons.push(`emergency target ${em.target} is not a known plan`);
    else if (target.space !== record.space)
      reasons.push(`emergency target ${em.target} belongs to space "${target.space}", not "${record.space}"`);
    const event: PlanEvent = em.action;
    const next = target ? transition(target.state, event) : null;
    if (target && next && !next.ok) reasons.push(`emergency ${em.action} refused: ${next.errors[0]}`);
    const applied = reasons.length === 0 && target !== undefined;
    return plans.tx(() => {
      if (applied) {
        this.move(target.id, target.state, event, `emergency proposal ${record.id}`, em.reason, now, record.id);
        if (event === 'resume' || event === 'adopt') plans.clearResumeVotes(target.id);
      } else {
        this.audit('emergency.refused', record.id, reasons.join('; '), now, { target: em.target, action: em.action }, target?.id);
      }
      plans.recordDecision({
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
      return { executable: applied, reasons, outcome: applied ? 'applied' : 'refused', planId: target?.id ?? null };
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
   * notifies. Throws TransitionError on an illegal move or when another writer moved it first.
   */
  move(planId: string, from: PlanState, event: PlanEvent, actor: string, reason: string, now: Date, proposalId?: string): PlanState {
    const next = transition(from, event);
    if (!next.ok) throw new TransitionError(next.errors[0]);
    const plan = this.deps.plans.get(planId);
    const extra =
      event === 'activate'
        ? { activatedAt: now, lockEndsAt: plan?.plan.lock ? addDuration(now, plan.plan.lock.duration) : null }
        : { ended: next.value === 'completed' || next.value === 'cancelled' };
    if (!this.deps.plans.setState(planId, from, next.value, now, extra)) throw new TransitionError(`plan ${planId} is no longer ${from}`);
    this.audit(next.value, proposalId ?? planId, reason, now, { from, event, actor }, planId, actor);
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

  private audit(
    action: string,
    proposalId: string,
    reason: string,
    now: Date,
    data: unknown,
    planId: string | null = proposalId,
    actor = 'governance',
  ): void {
    this.deps.audit.append({ actor, action, planId, proposalId, reason, data }, now);
  }
}
