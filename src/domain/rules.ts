import type { ParseLimits } from './parse/limits';
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

export interface Verdict {
  executable: boolean;
  reasons: string[];
  tally: Tally | null;
}

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
export function tally(record: ProposalRecord, policy: Policy): { tally: Tally | null; reasons: string[] } {
  const s = record.scores;
  if (record.type === 'basic') {
    if (s.length < 2) return { tally: null, reasons: [`basic vote has ${s.length} score(s); For and Against are required`] };
    return { tally: { for: s[0]!, against: s[1]!, abstain: s[2] ?? 0 }, reasons: [] };
  }
  if (record.type === 'single-choice') {
    const approval = new Set(policy.approvalLabels.map(norm));
    const t: Tally = { for: 0, against: 0, abstain: 0 };
    const reasons: string[] = [];
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
    if (winners.length !== 1) reasons.push(`single-choice vote has no unique winner (${winners.join(', ')} tie at ${fmt(max)})`);
    else if (!approval.has(norm(winners[0]!)))
      reasons.push(`winning choice "${winners[0]}" is not an approval label (${policy.approvalLabels.join(', ')})`);
    return { tally: t, reasons };
  }
  return { tally: null, reasons: [`vote type "${record.type ?? 'unknown'}" cannot approve a plan; only basic or single-choice votes can`] };
}

/**
 * Decides whether a closed proposal may move money (docs/design.md §5). Every rule is checked and every
 * failure is reported, so an operator sees the whole picture at once. Time is a parameter: a
 * record whose end lies in the future is refused whatever the hub's `state` says.
 */
export function verdict(record: ProposalRecord, outcome: PlanOutcome | null, policy: Policy, now: Date): Verdict {
  const reasons: string[] = [];
  if (record.end * 1000 > now.getTime()) reasons.push(`voting ends ${iso(record.end)}, which is still in the future`);
  if (record.space !== policy.space) reasons.push(`proposal is in space "${record.space}", not the configured "${policy.space}"`);
  if (record.state !== 'closed') reasons.push(`proposal state is "${record.state}", not closed`);
  if (record.scoresState !== 'final') reasons.push(`scores are "${record.scoresState ?? 'unknown'}", not final`);
  if (record.flagged) reasons.push('proposal is flagged by the hub');
  const period = record.end - record.start;
  if (period < policy.minVotingPeriodSeconds)
    reasons.push(`voting period ${period} s is shorter than the minimum ${policy.minVotingPeriodSeconds} s`);
  if (record.updated !== null && record.updated > record.start)
    reasons.push(`body was edited after voting began (updated ${iso(record.updated)}, voting started ${iso(record.start)})`);

  const t = tally(record, policy);
  reasons.push(...t.reasons);
  const emergency = outcome?.ok === true && outcome.plan.kind === 'emergency';
  if (t.tally) {
    const { for: yes, against: no, abstain } = t.tally;
    if (!(yes > no)) reasons.push(`For (${fmt(yes)}) does not exceed Against (${fmt(no)})`);
    const quorum = Math.max(record.quorum, policy.minQuorum);
    const turnout = yes + no + abstain;
    if (record.quorumType === 'rejection') {
      // Snapshot's rejection quorum: the proposal fails when Against reaches the quorum.
      if (record.quorum > 0 && no >= record.quorum)
        reasons.push(`rejection quorum exceeded: Against ${fmt(no)} ≥ quorum ${fmt(record.quorum)}`);
      if (turnout < policy.minQuorum) reasons.push(`quorum not met: ${fmt(turnout)} votes < required ${fmt(policy.minQuorum)}`);
    } else if (turnout < quorum) {
      reasons.push(`quorum not met: ${fmt(turnout)} votes < required ${fmt(quorum)}`);
    }
    if (emergency) {
      const { numerator: n, denominator: d } = policy.emergencyApproval;
      if (yes * d < n * (yes + no))
        reasons.push(`emergency proposal needs approval ≥ ${n}/${d} of For+Against; got ${fmt(yes)} of ${fmt(yes + no)}`);
    }
  }
  if (outcome === null) reasons.push('proposal body holds no plan');
  else if (!outcome.ok) reasons.push(...outcome.errors.map((e) => `plan does not parse: ${e}`));
  return { executable: reasons.length === 0, reasons, tally: t.tally };
}
