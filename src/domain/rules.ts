import type { ParseLimits } from './parse/limits';
import { problem, type Problem } from './problem';
import type { Plan } from './plan';
import type { ProposalRecord } from './proposal';

/** The governance policy of docs/design.md §5, from config. */
export interface Policy {
  space: string;
  minQuorum: number;
  minVotingPeriodSeconds: number;
  approvalLabels: string[];
  /** Emergency proposals need For ≥ numerator/denominator of For+Against. */
  emergencyApproval: { numerator: number; denominator: number };
  /** ISO duration: a vote first seen later than this after it ended is stale (default P7D). */
  activationGrace?: string;
  /** Bounds the parser applies (config policy.maxTotal, policy.maxAllocations); the parser's defaults when absent. */
  parseLimits?: ParseLimits;
}

/** What the parser said about the body, reduced to what the rules need. */
export type PlanOutcome = { ok: true; plan: Plan } | { ok: false; errors: string[] };

/**
 * The stable codes of the rules' refusals. Logic, tests and clients match on these; the messages
 * beside them are for people and may be reworded.
 */
export const RULE_CODES = {
  endInFuture: 'rule.end-in-future',
  wrongSpace: 'rule.wrong-space',
  notClosed: 'rule.not-closed',
  scoresNotFinal: 'rule.scores-not-final',
  flagged: 'rule.flagged',
  votingPeriod: 'rule.voting-period',
  editedAfterStart: 'rule.edited-after-start',
  missingScores: 'rule.missing-scores',
  noUniqueWinner: 'rule.no-unique-winner',
  winnerNotApproval: 'rule.winner-not-approval',
  voteType: 'rule.vote-type',
  notPassed: 'rule.not-passed',
  rejectionQuorum: 'rule.rejection-quorum',
  quorum: 'rule.quorum',
  emergencyApproval: 'rule.emergency-approval',
  noPlan: 'rule.no-plan',
  parse: 'rule.parse',
  locked: 'rule.locked',
  stale: 'rule.stale',
  quarantined: 'rule.quarantined',
  waitingForOriginal: 'rule.waiting-for-original',
  /** A reason read back from the store, which keeps only its wording. */
  recorded: 'rule.recorded',
} as const;

export type RuleCode = (typeof RULE_CODES)[keyof typeof RULE_CODES];

/**
 * The one verdict on a proposal. `problems` are the refusals with their codes; `reasons` is their
 * wording, the view the stores, the poll output and the API have always kept.
 */
export interface Verdict {
  executable: boolean;
  problems: Problem[];
  reasons: string[];
  tally: Tally | null;
}

/** The wording of each problem, in order: what is stored and shown where reasons are strings. */
export const reasonsOf = (problems: readonly Problem[]): string[] => problems.map((p) => p.message);

/** Reasons read back from a store, which keeps their wording only: their codes are not known. */
export const recordedProblems = (reasons: readonly string[]): Problem[] => reasons.map((r) => problem(RULE_CODES.recorded, r));

/** A verdict from its problems; executable exactly when there are none. */
export const verdictOf = (problems: Problem[], tally: Tally | null = null): Verdict => ({
  executable: problems.length === 0,
  problems,
  reasons: reasonsOf(problems),
  tally,
});

export interface Tally {
  for: number;
  against: number;
  abstain: number;
}

const REJECT_LABELS = ['against', 'no', 'reject', 'nay'];
const ABSTAIN_LABELS = ['abstain'];
const norm = (s: string): string => s.trim().toLowerCase();
const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
const iso = (unix: number): string => new Date(unix * 1000).toISOString();

/**
 * Reads For/Against/Abstain from the scores. `basic` is positional; `single-choice` maps each
 * choice label, and its unique winner must be an approval label. Other vote types cannot express
 * a yes/no mandate and are refused.
 */
export function tally(record: ProposalRecord, policy: Policy): { tally: Tally | null; problems: Problem[] } {
  const s = record.scores;
  if (record.type === 'basic') {
    if (s.length < 2)
      return {
        tally: null,
        problems: [problem(RULE_CODES.missingScores, `basic vote has ${s.length} score(s); For and Against are required`)],
      };
    return { tally: { for: s[0]!, against: s[1]!, abstain: s[2] ?? 0 }, problems: [] };
  }
  if (record.type === 'single-choice') {
    const approval = new Set(policy.approvalLabels.map(norm));
    const t: Tally = { for: 0, against: 0, abstain: 0 };
    const problems: Problem[] = [];
    record.choices.forEach((label, i) => {
      const v = s[i] ?? 0;
      const l = norm(label);
      if (approval.has(l)) t.for += v;
      else if (REJECT_LABELS.includes(l)) t.against += v;
      else if (ABSTAIN_LABELS.includes(l)) t.abstain += v;
      else t.against += v; // An unknown option is not a mandate to spend: count it against.
    });
    const max = Math.max(...s.slice(0, record.choices.length), 0);
    const winners = record.choices.filter((_, i) => (s[i] ?? 0) === max);
    if (winners.length !== 1)
      problems.push(
        problem(RULE_CODES.noUniqueWinner, `single-choice vote has no unique winner (${winners.join(', ')} tie at ${fmt(max)})`),
      );
    else if (!approval.has(norm(winners[0]!)))
      problems.push(
        problem(
          RULE_CODES.winnerNotApproval,
          `winning choice "${winners[0]}" is not an approval label (${policy.approvalLabels.join(', ')})`,
        ),
      );
    return { tally: t, problems };
  }
  return {
    tally: null,
    problems: [
      problem(RULE_CODES.voteType, `vote type "${record.type ?? 'unknown'}" cannot approve a plan; only basic or single-choice votes can`),
    ],
  };
}

/**
 * Decides whether a closed proposal may move money (docs/design.md §5). Every rule is checked and every
 * failure is reported, so an operator sees the whole picture at once. Time is a parameter: a
 * record whose end lies in the future is refused whatever the hub's `state` says.
 */
export function verdict(record: ProposalRecord, outcome: PlanOutcome | null, policy: Policy, now: Date): Verdict {
  const problems: Problem[] = [];
  const refuse = (code: RuleCode, message: string): void => void problems.push(problem(code, message));
  if (record.end * 1000 > now.getTime()) refuse(RULE_CODES.endInFuture, `voting ends ${iso(record.end)}, which is still in the future`);
  if (record.space !== policy.space)
    refuse(RULE_CODES.wrongSpace, `proposal is in space "${record.space}", not the configured "${policy.space}"`);
  if (record.state !== 'closed') refuse(RULE_CODES.notClosed, `proposal state is "${record.state}", not closed`);
  if (record.scoresState !== 'final') refuse(RULE_CODES.scoresNotFinal, `scores are "${record.scoresState ?? 'unknown'}", not final`);
  if (record.flagged) refuse(RULE_CODES.flagged, 'proposal is flagged by the hub');
  const period = record.end - record.start;
  if (period < policy.minVotingPeriodSeconds)
    refuse(RULE_CODES.votingPeriod, `voting period ${period} s is shorter than the minimum ${policy.minVotingPeriodSeconds} s`);
  if (record.updated !== null && record.updated > record.start)
    refuse(
      RULE_CODES.editedAfterStart,
      `body was edited after voting began (updated ${iso(record.updated)}, voting started ${iso(record.start)})`,
    );

  const t = tally(record, policy);
  problems.push(...t.problems);
  const emergency = outcome?.ok === true && outcome.plan.kind === 'emergency';
  if (t.tally) {
    const { for: yes, against: no, abstain } = t.tally;
    if (!(yes > no)) refuse(RULE_CODES.notPassed, `For (${fmt(yes)}) does not exceed Against (${fmt(no)})`);
    const quorum = Math.max(record.quorum, policy.minQuorum);
    const turnout = yes + no + abstain;
    if (record.quorumType === 'rejection') {
      // Snapshot's rejection quorum: the proposal fails when Against reaches the quorum.
      if (record.quorum > 0 && no >= record.quorum)
        refuse(RULE_CODES.rejectionQuorum, `rejection quorum exceeded: Against ${fmt(no)} ≥ quorum ${fmt(record.quorum)}`);
      if (turnout < policy.minQuorum)
        refuse(RULE_CODES.quorum, `quorum not met: ${fmt(turnout)} votes < required ${fmt(policy.minQuorum)}`);
    } else if (turnout < quorum) {
      refuse(RULE_CODES.quorum, `quorum not met: ${fmt(turnout)} votes < required ${fmt(quorum)}`);
    }
    if (emergency) {
      const { numerator: n, denominator: d } = policy.emergencyApproval;
      if (yes * d < n * (yes + no))
        refuse(
          RULE_CODES.emergencyApproval,
          `emergency proposal needs approval ≥ ${n}/${d} of For+Against; got ${fmt(yes)} of ${fmt(yes + no)}`,
        );
    }
  }
  if (outcome === null) refuse(RULE_CODES.noPlan, 'proposal body holds no plan');
  else if (!outcome.ok) for (const e of outcome.errors) refuse(RULE_CODES.parse, `plan does not parse: ${e}`);
  return verdictOf(problems, t.tally);
}
