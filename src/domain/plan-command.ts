import { err, ok, type Result } from '../result';
import { transition, type PlanEvent, type PlanState } from './lifecycle';
import { problem, type Problem } from './problem';

/** What people may ask of a running plan, by a signed ops request or by an emergency proposal. */
export type CommandAction = 'halt' | 'resume' | 'cancel' | 'adopt';

/**
 * Who asks. An ops key speaks for one operator, so the moves that restart spending (resume,
 * adopt) need several of them; a passed emergency proposal speaks for the DAO and acts alone.
 */
export type CommandAuthority =
  { kind: 'ops'; key: string; name: string } | { kind: 'emergency'; proposalId: string; space: string; reason: string };

export interface PlanCommand {
  action: CommandAction;
  planId: string;
  by: CommandAuthority;
}

/** What a command needs to know of its plan. */
export interface CommandPlan {
  id: string;
  state: PlanState;
  space: string;
}

export interface CommandContext {
  /** Distinct ops keys that signed this resume or adopt so far, this request's key included. */
  votes: readonly string[];
  /** Distinct ops keys a resume or adopt needs. */
  threshold: number;
}

/**
 * What a verified command does: `move` changes the plan's state (and the collected signatures
 * are spent), `collect` records one more signature and waits for the rest.
 */
export type Transition =
  | { kind: 'move'; planId: string; from: PlanState; to: PlanState; event: PlanEvent; signatures: number | null }
  | { kind: 'collect'; planId: string; state: PlanState; signatures: number; required: number };

/** The stable codes of a command's refusals, and of a state that moved under its caller. */
export const COMMAND_CODES = {
  noPlan: 'command.no-plan',
  otherSpace: 'command.other-space',
  wrongState: 'command.wrong-state',
  notAllowed: 'command.not-allowed',
  /** Another writer moved the plan between the caller's read and its write. */
  conflict: 'command.conflict',
} as const;

/** The actions each authority may take: operators never cancel a plan, only the DAO does. */
const ALLOWED: Record<CommandAuthority['kind'], readonly CommandAction[]> = {
  ops: ['halt', 'resume', 'adopt'],
  emergency: ['halt', 'resume', 'cancel', 'adopt'],
};

/** Actions that restart spending: from ops keys they need `threshold` distinct signatures. */
const NEEDS_VOTES: readonly CommandAction[] = ['resume', 'adopt'];

function missing(command: PlanCommand): Problem {
  const message = command.by.kind === 'ops' ? `no plan ${command.planId}` : `emergency target ${command.planId} is not a known plan`;
  return problem(COMMAND_CODES.noPlan, message, { planId: command.planId });
}

/**
 * Checks one command against the plan's state: every refusal at once, or the transition to make.
 * Pure: the caller reads the plan and the signatures, and applies the result in one transaction.
 */
export function verify(command: PlanCommand, plan: CommandPlan | undefined, context: CommandContext): Result<Transition, Problem> {
  if (!plan) return err(missing(command));
  const problems: Problem[] = [];
  const { by, action } = command;
  if (!ALLOWED[by.kind].includes(action))
    problems.push(problem(COMMAND_CODES.notAllowed, `${by.kind} cannot ${action} a plan`, { action, authority: by.kind }));
  if (by.kind === 'emergency' && plan.space !== by.space)
    problems.push(
      problem(COMMAND_CODES.otherSpace, `emergency target ${plan.id} belongs to space "${plan.space}", not "${by.space}"`, {
        planId: plan.id,
        space: plan.space,
      }),
    );
  const next = transition(plan.state, action);
  if (!next.ok) {
    // An emergency's refusal stands among the rules' reasons of its proposal, so it says whose it is.
    const message = by.kind === 'emergency' ? `emergency ${action} refused: ${next.errors[0]}` : next.errors[0]!;
    problems.push(problem(COMMAND_CODES.wrongState, message, { planId: plan.id, state: plan.state, action }));
  }
  if (problems.length > 0 || !next.ok) return err(...problems);
  if (by.kind === 'ops' && NEEDS_VOTES.includes(action)) {
    const signatures = new Set(context.votes).size;
    if (signatures < context.threshold)
      return ok({ kind: 'collect', planId: plan.id, state: plan.state, signatures, required: context.threshold });
    return ok({ kind: 'move', planId: plan.id, from: plan.state, to: next.value, event: action, signatures });
  }
  return ok({ kind: 'move', planId: plan.id, from: plan.state, to: next.value, event: action, signatures: null });
}
