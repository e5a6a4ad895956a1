import { verify, type PlanCommand, type Transition } from '../domain/plan-command';
import type { PlanEvent, PlanState } from '../domain/lifecycle';
import type { Problem } from '../domain/problem';
import type { Result } from '../result';
import type { PlanStore } from '../store/plans';
import type { AuditSink } from './audit-sink';

/** The one writer of plan states (the governance engine): moves a plan and audits the move. */
export interface PlanMover {
  move(
    planId: string,
    from: PlanState,
    event: PlanEvent,
    actor: string,
    reason: string,
    now: Date,
    proposalId?: string,
  ): Promise<PlanState>;
}

/** Who the audit trail names for a command, and why it says the plan moved. */
function actorOf(command: PlanCommand, t: Transition): { actor: string; reason: string; proposalId?: string } {
  const { by } = command;
  if (by.kind === 'emergency') return { actor: `emergency proposal ${by.proposalId}`, reason: by.reason, proposalId: by.proposalId };
  const reason = t.kind === 'move' && t.signatures !== null ? `${t.signatures} distinct ops signatures` : `signed ops ${command.action}`;
  return { actor: `ops:${by.name}`, reason };
}

/**
 * Halts, resumes, cancels and adopts plans, for signed ops requests and emergency proposals
 * alike: both read the plan here, ask the domain's `verify`, and apply what it allows in one
 * write transaction (a caller's transaction is joined). A move whose plan changed state under it
 * throws the mover's conflict, and the transaction, signature included, is rolled back.
 */
export class PlanCommands {
  constructor(
    private readonly deps: {
      plans: PlanStore;
      audit: AuditSink;
      mover: PlanMover;
      /** Distinct ops keys a resume or adopt needs; emergencies need none. */
      resumeThreshold: number;
    },
  ) {}

  /** What the command would do now, or why it is refused; nothing is written. */
  async check(command: PlanCommand): Promise<Result<Transition, Problem>> {
    const { plans } = this.deps;
    const plan = await plans.get(command.planId);
    const votes = plan && command.by.kind === 'ops' ? [...(await plans.resumeVotes(plan.id)), command.by.key] : [];
    return verify(command, plan, { votes, threshold: this.deps.resumeThreshold });
  }

  /** Checks the command and applies it: a signature is recorded, a move is made and audited. */
  async apply(command: PlanCommand, now: Date): Promise<Result<Transition, Problem>> {
    const { plans, audit, mover } = this.deps;
    return plans.tx(async () => {
      const checked = await this.check(command);
      if (!checked.ok) return checked;
      const t = checked.value;
      const who = actorOf(command, t);
      const signature = t.signatures;
      if (command.by.kind === 'ops' && signature !== null) {
        await plans.addResumeVote(t.planId, command.by.key, now);
        const required = t.kind === 'collect' ? t.required : this.deps.resumeThreshold;
        await audit.append(
          { actor: who.actor, action: `${command.action}.signed`, planId: t.planId, reason: `${signature} of ${required} signatures` },
          now,
        );
      }
      if (t.kind === 'move') {
        await mover.move(t.planId, t.from, t.event, who.actor, who.reason, now, who.proposalId);
        // Signatures count towards one move only: every move starts the next count from zero.
        await plans.clearResumeVotes(t.planId);
      }
      return checked;
    });
  }
}
