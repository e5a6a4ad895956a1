import { blocksProposal, staleness, transition, type PlanEvent, type PlanState } from '../../../src/domain/lifecycle';

const STATES: PlanState[] = ['detected', 'rejected', 'blocked', 'stale', 'accepted', 'active', 'halted', 'completed', 'cancelled'];
const EVENTS: PlanEvent[] = ['reject', 'block', 'stale', 'adopt', 'accept', 'activate', 'complete', 'halt', 'resume', 'cancel'];
const LEGAL: Record<string, PlanState> = {
  'detected/reject': 'rejected',
  'detected/block': 'blocked',
  'detected/stale': 'stale',
  'stale/adopt': 'accepted',
  'stale/cancel': 'cancelled',
  'detected/accept': 'accepted',
  'accepted/reject': 'rejected',
  'accepted/activate': 'active',
  'active/complete': 'completed',
  'active/halt': 'halted',
  'halted/resume': 'active',
  'active/cancel': 'cancelled',
  'halted/cancel': 'cancelled',
};

describe('plan lifecycle', () => {
  const all = STATES.flatMap((s) => EVENTS.map((e) => [s, e] as const));
  it.each(all)('%s + %s', (state, event) => {
    const r = transition(state, event);
    const expected = LEGAL[`${state}/${event}`];
    if (expected) expect(r).toEqual({ ok: true, value: expected });
    else expect(r).toEqual({ ok: false, errors: [`cannot ${event} a plan that is ${state}`] });
  });
});

describe('stale-plan guard', () => {
  const end = Date.parse('2025-02-14T00:00:00Z') / 1000;
  it('lets a vote first seen within the grace activate, and holds one first seen later with the reason', () => {
    expect(staleness(end, new Date('2025-02-21T00:00:00Z'), 'P7D')).toBeNull();
    expect(staleness(end, new Date('2025-02-21T00:00:01Z'), 'P7D')).toMatch(
      /^stale: the vote ended 7 day\(s\) before this store first saw it \(grace P7D\); a store that first sees a vote this late cannot know/,
    );
    expect(staleness(end, new Date('2025-03-16T00:00:00Z'), 'P7D')).toMatch(/ended 30 day\(s\)/);
    expect(staleness(end, new Date('2025-03-16T00:00:00Z'), 'P2M')).toBeNull();
  });
});

describe('lock', () => {
  const t = (iso: string) => Date.parse(iso) / 1000;
  const active = {
    state: 'active' as PlanState,
    proposalEnd: t('2025-02-14T00:00:00Z'),
    activatedAt: new Date('2025-02-14T00:00:00Z'),
    lockEndsAt: new Date('2025-04-14T00:00:00Z'),
  };

  it('blocks a later proposal that passed within the lock', () => {
    expect(blocksProposal(active, t('2025-03-01T00:00:00Z'))).toBe(true);
  });
  it('does not block a proposal that passed after the lock ended', () => {
    expect(blocksProposal(active, t('2025-04-14T00:00:01Z'))).toBe(false);
  });
  it("does not block the plan's own or an earlier proposal", () => {
    expect(blocksProposal(active, active.proposalEnd)).toBe(false);
  });
  it('locks while accepted and not yet activated', () => {
    expect(blocksProposal({ ...active, state: 'accepted', activatedAt: null, lockEndsAt: null }, t('2025-09-01T00:00:00Z'))).toBe(true);
  });
  it("keeps a completed plan's lock until it ends, and drops a cancelled plan's", () => {
    expect(blocksProposal({ ...active, state: 'completed' }, t('2025-04-01T00:00:00Z'))).toBe(true);
    expect(blocksProposal({ ...active, state: 'cancelled' }, t('2025-04-01T00:00:00Z'))).toBe(false);
    expect(blocksProposal({ ...active, state: 'halted' }, t('2025-04-01T00:00:00Z'))).toBe(true);
  });
});
