import { verdict, type Policy, type PlanOutcome } from '../../../src/domain/rules';
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
    expect(v).toEqual({ executable: true, reasons: [], tally: { for: 9066311843.84, against: 0, abstain: 0 } });
  });

  const cases: [string, Partial<ProposalRecord>, RegExp, PlanOutcome?][] = [
    ['a tie', { scores: [5_000_000, 5_000_000, 0] }, /For \(5,000,000\) does not exceed Against \(5,000,000\)/],
    ['Against winning', { scores: [2_000_000, 3_000_000, 0] }, /does not exceed Against/],
    ['a missed quorum (our floor)', { scores: [100, 0, 0] }, /quorum not met: 100 votes < required 1,000,000/],
    ["a missed quorum (the proposal's own)", { quorum: 1e10 }, /quorum not met: .* < required 10,000,000,000/],
    ['flagged', { flagged: true }, /flagged/],
    [
      'updated after start',
      { updated: Date.parse('2025-02-13T06:00:00Z') / 1000 },
      /edited after voting began \(updated 2025-02-13T06:00:00.000Z/,
    ],
    ['state active', { state: 'active' }, /state is "active", not closed/],
    ['scores pending', { scoresState: 'pending' }, /scores are "pending", not final/],
    ['ranked-choice', { type: 'ranked-choice' }, /vote type "ranked-choice" cannot approve/],
    [
      'a rejection quorum exceeded',
      { quorumType: 'rejection', quorum: 1_000_000, scores: [9e9, 2_000_000, 0] },
      /rejection quorum exceeded: Against 2,000,000 ≥ quorum 1,000,000/,
    ],
    ['another space', { space: 'evil.eth' }, /space "evil.eth", not the configured "rokonetwork.eth"/],
    [
      'a voting period too short',
      { start: Date.parse('2025-02-13T23:00:00Z') / 1000 },
      /voting period 3600 s is shorter than the minimum 43200 s/,
    ],
    ['an end in the future', { end: Date.parse('2025-03-01T00:00:00Z') / 1000 }, /still in the future/],
    ['a basic vote without Against', { scores: [9e9] }, /basic vote has 1 score/],
    [
      'single-choice won by No',
      { type: 'single-choice', choices: ['Yes', 'No'], scores: [1e6, 9e9] },
      /winning choice "No" is not an approval label/,
    ],
    ['single-choice tie', { type: 'single-choice', choices: ['Yes', 'No'], scores: [5e9, 5e9] }, /no unique winner/],
  ];

  it.each(cases)('refuses %s with the matching reason', (_name, over, reason, outcome = planOk) => {
    const v = verdict(seedRecord(over), outcome, policy, now);
    expect(v.executable).toBe(false);
    expect(v.reasons.join('\n')).toMatch(reason);
  });

  it('refuses an unparseable body, listing each parse error', () => {
    const v = verdict(seedRecord(), { ok: false, errors: ['line 3: percents sum to 99', 'line 9: duplicate netuid 51'] }, policy, now);
    expect(v.executable).toBe(false);
    expect(v.reasons).toEqual(['plan does not parse: line 3: percents sum to 99', 'plan does not parse: line 9: duplicate netuid 51']);
  });

  it('refuses a body without any plan', () => {
    expect(verdict(seedRecord(), null, policy, now).reasons).toEqual(['proposal body holds no plan']);
  });

  it('reports every failed rule at once, not only the first', () => {
    const v = verdict(seedRecord({ state: 'active', flagged: true, space: 'x.eth', scores: [1, 1, 0] }), planOk, policy, now);
    expect(v.reasons).toHaveLength(5);
  });

  it('accepts a single-choice vote won by an approval label', () => {
    const v = verdict(seedRecord({ type: 'single-choice', choices: ['Yes', 'No', 'Abstain'], scores: [9e9, 1e6, 5] }), planOk, policy, now);
    expect(v.executable).toBe(true);
    expect(v.tally).toEqual({ for: 9e9, against: 1e6, abstain: 5 });
  });

  it('applies the stricter emergency policy: 2/3 of For+Against', () => {
    expect(verdict(seedRecord({ scores: [6e9, 4e9, 0] }), emergency, policy, now).reasons.join()).toMatch(/needs approval ≥ 2\/3/);
    expect(verdict(seedRecord({ scores: [6e9, 4e9, 0] }), planOk, policy, now).executable).toBe(true);
    expect(verdict(seedRecord({ scores: [2e9, 1e9, 0] }), emergency, policy, now).executable).toBe(true);
  });
});
