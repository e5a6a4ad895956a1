import { parseProposal } from '../../../src/domain/parse';

/**
 * Lock and change-rule sentences as members write them, each in the same small proposal (a
 * 2-month weekly DCA): every one is either read into `lock` or refused on its line.
 */
const body = (sentence: string) =>
  [
    '# Allocation of 100 TAO',
    '',
    '- Root Subnet (50% = 50 TAO)',
    '- SN8 – Taoshi (50% = 50 TAO)',
    '',
    'Purchases are made weekly over a 2-month DCA schedule.',
    '',
    sentence,
    '',
  ].join('\n');
const LINE = 8;

describe('lock phrasings that are read', () => {
  it.each([
    ['The strategy is locked in for 2 months.', 'P2M'],
    ['Locked for two months.', 'P2M'],
    ['Lock-up of 8 weeks.', 'P8W'],
    ['The plan is frozen for thirty days.', 'P30D'],
    ['Frozen until the end of the DCA window.', 'P2M'],
    ['The allocation stays frozen until the end of the DCA period.', 'P2M'],
    ['The allocation cannot be modified for 8 weeks.', 'P8W'],
    ["The split can't be changed for 45 days.", 'P45D'],
    ['This plan must not be altered for ninety days.', 'P90D'],
    ['No changes for 30 days except via an emergency proposal.', 'P30D'],
    ['No changes until the end of the DCA, except by an emergency vote.', 'P2M'],
    ['Held for the full two months; only an emergency vote may alter it.', 'P2M'],
    ['Changeable only by an emergency proposal for the next 6 weeks.', 'P6W'],
    ['No interim votes.', 'P2M'],
    ['No interim votes or changes until the DCA ends.', 'P2M'],
    ['The strategy cannot be changed for the full DCA period.', 'P2M'],
    ['Immutable for sixty days unless an emergency proposal passes.', 'P60D'],
    ['The plan is fixed for 2 months, save through an emergency proposal.', 'P2M'],
  ])('%s → %s', (sentence, duration) => {
    const r = parseProposal(body(sentence));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.kind === 'allocation' && r.value.lock).toEqual({ duration });
  });

  it('reads no lock where none is stated or a lock is denied, and none from "no changes" about something else', () => {
    for (const sentence of [
      'We report progress weekly.',
      'No changes to the fee structure are proposed.',
      'The hotkeys are listed below.',
      'No lock.',
      'Lock: none.',
      'The plan is not locked.',
    ]) {
      const r = parseProposal(body(sentence));
      expect(r.ok && r.value.kind === 'allocation' && r.value.lock).toBeNull();
    }
  });
});

describe('lock phrasings that are refused on their line', () => {
  it.each([
    ['Locked for 0 days.', /lock: "0 days" is a zero duration/],
    ['No changes for -30 days.', /lock: "-30 days" is a negative duration/],
    ['The plan is locked until the community decides otherwise.', /a lock or change rule is stated, but not for how long/],
    ['The allocation cannot be modified for a while.', /a lock or change rule is stated, but not for how long/],
    ['The plan is changeable only by an emergency proposal.', /a lock or change rule is stated, but not for how long/],
    ['Locked for 3 months, until the end of the DCA.', /until the end of the DCA \(P2M\) and also P3M/],
    ['Locked for 2 months; emergency proposals need a 3-day vote.', /an emergency rule that govbridge cannot read/],
    ['Locked for 5 years.', /duration P5Y is longer than the 1098 days govbridge accepts/],
    ['No lock. Locked for 2 months.', /the proposal says it has no lock here, but elsewhere that it is locked for P2M/],
  ])('%s', (sentence, message) => {
    const r = parseProposal(body(sentence));
    if (r.ok) throw new Error(`expected a refusal, got lock ${JSON.stringify(r.value.kind === 'allocation' && r.value.lock)}`);
    expect(r.errors).toContainEqual(expect.objectContaining({ line: LINE, message: expect.stringMatching(message) }));
  });
});
