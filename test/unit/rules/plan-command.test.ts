import { COMMAND_CODES, verify, type CommandAction, type CommandAuthority, type PlanCommand } from '../../../src/domain/plan-command';
import type { PlanState } from '../../../src/domain/lifecycle';

const STATES: PlanState[] = ['detected', 'rejected', 'blocked', 'stale', 'accepted', 'active', 'halted', 'completed', 'cancelled'];
const OPS: CommandAuthority = { kind: 'ops', key: '0xk1', name: 'alice' };
const EMERGENCY: CommandAuthority = { kind: 'emergency', proposalId: '0xe', space: 'dao.eth', reason: 'r' };
const plan = (state: PlanState) => ({ id: 'p', state, space: 'dao.eth' });
const cmd = (action: CommandAction, by: CommandAuthority = EMERGENCY): PlanCommand => ({ action, planId: 'p', by });
const ALL_SIGNED = { votes: ['0xk1', '0xk2'], threshold: 2 };

/** Where each command may start, and where it leads; every other state is refused. */
const MOVES: Record<CommandAction, Partial<Record<PlanState, PlanState>>> = {
  halt: { active: 'halted' },
  resume: { halted: 'active' },
  cancel: { active: 'cancelled', halted: 'cancelled', stale: 'cancelled' },
  adopt: { stale: 'accepted' },
};

describe('verify: a plan command against the plan state', () => {
  const table = (Object.keys(MOVES) as CommandAction[]).flatMap((action) => STATES.map((state) => [action, state] as const));

  it.each(table)('an emergency %s of a plan that is %s', (action, state) => {
    const r = verify(cmd(action), plan(state), ALL_SIGNED);
    const to = MOVES[action][state];
    if (to) expect(r).toEqual({ ok: true, value: { kind: 'move', planId: 'p', from: state, to, event: action, signatures: null } });
    else
      expect(r).toEqual({
        ok: false,
        errors: [expect.objectContaining({ code: COMMAND_CODES.wrongState, data: { planId: 'p', state, action } })],
      });
  });

  it.each(table)('an ops %s of a plan that is %s, with every signature', (action, state) => {
    const r = verify(cmd(action, OPS), plan(state), ALL_SIGNED);
    const codes = r.ok ? [] : r.errors.map((p) => p.code);
    if (action === 'cancel') expect(codes).toContain(COMMAND_CODES.notAllowed);
    else if (MOVES[action][state]) expect(r).toMatchObject({ ok: true, value: { kind: 'move', to: MOVES[action][state] } });
    else expect(codes).toEqual([COMMAND_CODES.wrongState]);
  });

  it('collects ops signatures for a resume or adopt until the threshold, counting each key once', () => {
    expect(verify(cmd('resume', OPS), plan('halted'), { votes: ['0xk1', '0xk1'], threshold: 2 })).toEqual({
      ok: true,
      value: { kind: 'collect', planId: 'p', state: 'halted', signatures: 1, required: 2 },
    });
    expect(verify(cmd('adopt', OPS), plan('stale'), ALL_SIGNED)).toEqual({
      ok: true,
      value: { kind: 'move', planId: 'p', from: 'stale', to: 'accepted', event: 'adopt', signatures: 2 },
    });
  });

  it('lets one ops key halt at once', () => {
    expect(verify(cmd('halt', OPS), plan('active'), { votes: ['0xk1'], threshold: 3 })).toMatchObject({
      ok: true,
      value: { kind: 'move', signatures: null },
    });
  });

  it('refuses a plan that does not exist, and only that', () => {
    expect(verify(cmd('halt', OPS), undefined, ALL_SIGNED)).toEqual({
      ok: false,
      errors: [{ code: COMMAND_CODES.noPlan, message: 'no plan p', data: { planId: 'p' } }],
    });
  });

  it("refuses an emergency aimed at another space's plan, with every other refusal", () => {
    const r = verify(cmd('resume'), { id: 'p', state: 'active', space: 'other.eth' }, ALL_SIGNED);
    expect(r.ok ? [] : r.errors.map((p) => p.code)).toEqual([COMMAND_CODES.otherSpace, COMMAND_CODES.wrongState]);
  });

  it("words an emergency's refusal as the emergency's, and an operator's plainly", () => {
    const em = verify(cmd('halt'), plan('accepted'), ALL_SIGNED);
    const op = verify(cmd('halt', OPS), plan('accepted'), ALL_SIGNED);
    expect(em.ok ? null : em.errors[0]!.message).toBe('emergency halt refused: cannot halt a plan that is accepted');
    expect(op.ok ? null : op.errors[0]!.message).toBe('cannot halt a plan that is accepted');
  });
});
