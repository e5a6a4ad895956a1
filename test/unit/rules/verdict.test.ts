import { RULE_CODES, verdict, type Policy, type PlanOutcome, type RuleCode } from '../../../src/domain/rules';
import type { ProposalRecord } from '../../../src/domain/proposal';
import { seedPlan, seedRecord } from '../../helpers/records';

const policy: Policy = {
  space: 'rokonetwork.eth',
  minQuorum: 1_000_000,
  minVotingPeriodSeconds: 43_200,
  approvalLabels: ['for', 'yes', 'approve', 'accept'],
  emergencyApproval: { numerator: 2, denominator: 3 },
};
const now = new Date('2025-02-15T00:00:00Z');
const planOk: PlanOutcome = { ok: true, plan: seedPlan() };
const emergency: PlanOutcome = {
  ok: true,
  plan: { version: 1, kind: 'emergency', target: 'x', action: 'halt', reason: 'r', source: 'block', warnings: [] },
};

describe('verdict', () => {
  it('accepts the seed record under the default policy', () => {
    const v = verdict(seedRecord(), planOk, policy, now);
    expect(v).toEqual({ executable: true, problems: [], reasons: [], tally: { for: 9066311843.84, against: 0, abstain: 0 } });
  });

  const cases: [string, Partial<ProposalRecord>, RuleCode | RuleCode[]][] = [
    ['a tie', { scores: [5_000_000, 5_000_000, 0] }, RULE_CODES.notPassed],
    ['Against winning', { scores: [2_000_000, 3_000_000, 0] }, RULE_CODES.notPassed],
    ['a missed quorum (our floor)', { scores: [100, 0, 0] }, RULE_CODES.quorum],
    ["a missed quorum (the proposal's own)", { quorum: 1e10 }, RULE_CODES.quorum],
    ['flagged', { flagged: true }, RULE_CODES.flagged],
    ['updated after start', { updated: Date.parse('2025-02-13T06:00:00Z') / 1000 }, RULE_CODES.editedAfterStart],
    ['state active', { state: 'active' }, RULE_CODES.notClosed],
    ['scores pending', { scoresState: 'pending' }, RULE_CODES.scoresNotFinal],
    ['ranked-choice', { type: 'ranked-choice' }, RULE_CODES.voteType],
    [
      'a rejection quorum exceeded',
      { quorumType: 'rejection', quorum: 1_000_000, scores: [9e9, 2_000_000, 0] },
      RULE_CODES.rejectionQuorum,
    ],
    ['another space', { space: 'evil.eth' }, RULE_CODES.wrongSpace],
    ['a voting period too short', { start: Date.parse('2025-02-13T23:00:00Z') / 1000 }, RULE_CODES.votingPeriod],
    ['an end in the future', { end: Date.parse('2025-03-01T00:00:00Z') / 1000 }, RULE_CODES.endInFuture],
    ['a basic vote without Against', { scores: [9e9] }, RULE_CODES.missingScores],
    [
      'single-choice won by No',
      { type: 'single-choice', choices: ['Yes', 'No'], scores: [1e6, 9e9] },
      [RULE_CODES.winnerNotApproval, RULE_CODES.notPassed],
    ],
    [
      'single-choice tie',
      { type: 'single-choice', choices: ['Yes', 'No'], scores: [5e9, 5e9] },
      [RULE_CODES.noUniqueWinner, RULE_CODES.notPassed],
    ],
  ];

  it.each(cases)('refuses %s with its code, and keeps the wording as its reason', (_name, over, code) => {
    const v = verdict(seedRecord(over), planOk, policy, now);
    expect(v.executable).toBe(false);
    expect(v.problems.map((p) => p.code)).toEqual(Array.isArray(code) ? code : [code]);
    expect(v.reasons).toEqual(v.problems.map((p) => p.message));
  });

  it('keeps the wording people and stored decisions have always read', () => {
    // The reasons view is persisted (decisions, proposals) and shown; a code change must not reword it.
    expect(verdict(seedRecord({ scores: [5_000_000, 5_000_000, 0] }), planOk, policy, now).reasons).toEqual([
      'For (5,000,000) does not exceed Against (5,000,000)',
    ]);
    expect(verdict(seedRecord({ updated: Date.parse('2025-02-13T06:00:00Z') / 1000 }), planOk, policy, now).reasons).toEqual([
      'body was edited after voting began (updated 2025-02-13T06:00:00.000Z, voting started 2025-02-13T00:00:00.000Z)',
    ]);
  });

  it('refuses an unparseable body, listing each parse error', () => {
    const v = verdict(seedRecord(), { ok: false, errors: ['line 3: percents sum to 99', 'line 9: duplicate netuid 51'] }, policy, now);
    expect(v.executable).toBe(false);
    expect(v.problems.map((p) => p.code)).toEqual([RULE_CODES.parse, RULE_CODES.parse]);
    expect(v.reasons).toEqual(['plan does not parse: line 3: percents sum to 99', 'plan does not parse: line 9: duplicate netuid 51']);
  });

  it('refuses a body without any plan', () => {
    expect(verdict(seedRecord(), null, policy, now).problems.map((p) => p.code)).toEqual([RULE_CODES.noPlan]);
  });

  it('reports every failed rule at once, not only the first', () => {
    const v = verdict(seedRecord({ state: 'active', flagged: true, space: 'x.eth', scores: [1, 1, 0] }), planOk, policy, now);
    expect(v.problems.map((p) => p.code).sort()).toEqual(
      [RULE_CODES.wrongSpace, RULE_CODES.notClosed, RULE_CODES.flagged, RULE_CODES.notPassed, RULE_CODES.quorum].sort(),
    );
  });

  it('accepts a single-choice vote won by an approval label', () => {
    const v = verdict(seedRecord({ type: 'single-choice', choices: ['Yes', 'No', 'Abstain'], scores: [9e9, 1e6, 5] }), planOk, policy, now);
    expect(v.executable).toBe(true);
    expect(v.tally).toEqual({ for: 9e9, against: 1e6, abstain: 5 });
  });

  it('applies the stricter emergency policy: 2/3 of For+Against', () => {
    expect(verdict(seedRecord({ scores: [6e9, 4e9, 0] }), emergency, policy, now).problems.map((p) => p.code)).toEqual([
      RULE_CODES.emergencyApproval,
    ]);
    expect(verdict(seedRecord({ scores: [6e9, 4e9, 0] }), planOk, policy, now).executable).toBe(true);
    expect(verdict(seedRecord({ scores: [2e9, 1e9, 0] }), emergency, policy, now).executable).toBe(true);
  });
});
