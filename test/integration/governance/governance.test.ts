import { governanceIn, POLICY } from '../../helpers/governance';
import { seedRecord, SEED_ID } from '../../helpers/records';
import { tempDir } from '../../helpers/tmp';
import { TransitionError } from '../../../src/governance/governance';
import { RULE_CODES } from '../../../src/domain/rules';
import { COMMAND_CODES } from '../../../src/domain/plan-command';
import { Governance, type Decision } from '../../../src/governance/governance';
import type { Notification } from '../../../src/notify/events';
import { quietLogger } from '../../../src/log';

const codes = (d: Decision): string[] => d.problems.map((p) => p.code);

const t = (iso: string) => Date.parse(iso) / 1000;
const NOW = new Date('2025-02-14T01:00:00Z');

const emergencyBody = (target: string, action: string) =>
  [
    'Emergency: stop the DCA',
    '',
    '```govbridge',
    'version: 1',
    'kind: emergency',
    `target: "${target}"`,
    `action: ${action}`,
    'reason: critical vulnerability in SN51 validator',
    '```',
    '',
  ].join('\n');

function rival(id: string, endIso: string) {
  return seedRecord({ id, title: `rival ${id}`, start: t(endIso) - 86400, end: t(endIso) });
}

describe('governance engine', () => {
  const dir = tempDir();

  it('accepts the seed, records the decision and audits each transition', async () => {
    const { governance, plans, audit } = await governanceIn(dir, 'a.sqlite');
    const d = await governance.decide(seedRecord(), NOW);
    expect(d).toEqual({ executable: true, problems: [], reasons: [], outcome: 'accepted', planId: SEED_ID });
    expect((await plans.get(SEED_ID))?.state).toBe('accepted');
    expect((await plans.get(SEED_ID))?.cadence).toBe('P1D');
    expect((await audit.page(null, 10)).entries.map((e) => e.action)).toEqual(['detected', 'accepted']);
    // A second look at the same proposal returns the recorded decision and writes nothing.
    expect(await governance.decide(seedRecord(), NOW)).toEqual(d);
    expect((await audit.page(null, 10)).entries).toHaveLength(2);
    expect(await audit.verify()).toEqual({ ok: true, count: 2 });
  });

  it('rejects a failing proposal with its reasons and keeps it out of the running plans', async () => {
    const { governance, plans } = await governanceIn(dir, 'b.sqlite');
    const d = await governance.decide(seedRecord({ scores: [1, 2, 0] }), NOW);
    expect(d.outcome).toBe('rejected');
    expect(codes(d)).toContain(RULE_CODES.notPassed);
    expect(d.reasons).toEqual(d.problems.map((p) => p.message));
    expect((await plans.get(SEED_ID))?.state).toBe('rejected');
    expect((await plans.decision(SEED_ID))?.reasons).toEqual(d.reasons);
  });

  it('announces a refusal with the codes of its problems beside their wording', async () => {
    const { plans, audit } = await governanceIn(dir, 'n.sqlite');
    const heard: Notification[] = [];
    const governance = new Governance({ plans, audit, policy: POLICY, cadence: 'P1D', log: quietLogger(), notify: (n) => heard.push(n) });
    const d = await governance.decide(seedRecord({ scores: [1, 2, 0], flagged: true }), NOW);
    expect(heard).toEqual([
      expect.objectContaining({ event: 'plan.refused', data: { outcome: 'rejected', reasons: d.reasons, codes: codes(d) } }),
    ]);
    expect(codes(d)).toEqual(expect.arrayContaining([RULE_CODES.flagged, RULE_CODES.notPassed]));
  });

  it('blocks a passed ordinary proposal during the lock, for good', async () => {
    const { governance, plans } = await governanceIn(dir, 'c.sqlite');
    await governance.decide(seedRecord(), NOW);
    await governance.move(SEED_ID, 'accepted', 'activate', 'executor', 'phase 1 done', new Date('2025-02-14T00:00:00Z'));
    expect((await plans.get(SEED_ID))?.lockEndsAt?.toISOString()).toBe('2025-04-14T00:00:00.000Z');

    const during = await governance.decide(rival('0xrival1', '2025-03-01T00:00:00Z'), new Date('2025-03-01T01:00:00Z'));
    expect(during.outcome).toBe('blocked');
    expect(during.problems).toEqual([
      expect.objectContaining({ code: RULE_CODES.locked, data: { planId: SEED_ID, until: '2025-04-14T00:00:00.000Z' } }),
    ]);
    expect((await plans.get('0xrival1'))?.state).toBe('blocked');
    expect((await plans.list(['accepted', 'active', 'halted'])).map((p) => p.id)).toEqual([SEED_ID]);
    // Seen again after the lock ended, it is still blocked.
    expect((await governance.decide(rival('0xrival1', '2025-03-01T00:00:00Z'), new Date('2025-06-01T00:00:00Z'))).outcome).toBe('blocked');

    const after = await governance.decide(rival('0xrival2', '2025-04-20T00:00:00Z'), new Date('2025-04-20T01:00:00Z'));
    expect(after.outcome).toBe('accepted');
  });

  it('applies an emergency halt, resume and cancel to the target; refuses bad targets', async () => {
    const { governance, plans } = await governanceIn(dir, 'd.sqlite');
    await governance.decide(seedRecord(), NOW);
    const em = (id: string, action: string, target = SEED_ID, over = {}) =>
      governance.decide(
        seedRecord({ id, body: emergencyBody(target, action), start: t('2025-03-01T00:00:00Z'), end: t('2025-03-02T00:00:00Z'), ...over }),
        new Date('2025-03-02T01:00:00Z'),
      );

    const early = await em('0xe0', 'halt');
    expect(early.outcome).toBe('refused');
    expect(early.problems).toEqual([
      expect.objectContaining({ code: COMMAND_CODES.wrongState, data: { planId: SEED_ID, state: 'accepted', action: 'halt' } }),
    ]);

    await governance.move(SEED_ID, 'accepted', 'activate', 'executor', 'phase 1 done', new Date('2025-02-14T00:00:00Z'));
    expect((await em('0xe1', 'halt')).outcome).toBe('applied');
    expect((await plans.get(SEED_ID))?.state).toBe('halted');
    expect((await em('0xe2', 'resume')).outcome).toBe('applied');
    expect((await plans.get(SEED_ID))?.state).toBe('active');

    const weak = await em('0xe3', 'cancel', SEED_ID, { scores: [6e9, 4e9, 0] });
    expect(codes(weak)).toEqual([RULE_CODES.emergencyApproval]);
    expect((await plans.get(SEED_ID))?.state).toBe('active');

    expect(codes(await em('0xe4', 'halt', '0x' + 'ab'.repeat(32)))).toEqual([COMMAND_CODES.noPlan]);
    expect(codes(await em('0xe5', 'halt', SEED_ID, { space: 'other.eth' }))).toContain(COMMAND_CODES.otherSpace);

    expect((await em('0xe6', 'cancel')).outcome).toBe('applied');
    expect((await plans.get(SEED_ID))?.state).toBe('cancelled');
    expect(codes(await em('0xe7', 'resume'))).toEqual([COMMAND_CODES.wrongState]);
  });

  it('refuses illegal transitions as errors', async () => {
    const { governance } = await governanceIn(dir, 'e.sqlite');
    await governance.decide(seedRecord(), NOW);
    await expect(governance.move(SEED_ID, 'accepted', 'complete', 'x', 'y', NOW)).rejects.toThrow(TransitionError);
    await expect(governance.move(SEED_ID, 'active', 'halt', 'x', 'y', NOW)).rejects.toMatchObject({
      kind: 'conflict',
      problem: { code: COMMAND_CODES.conflict, data: { planId: SEED_ID, from: 'active', event: 'halt' } },
    });
    await expect(governance.move(SEED_ID, 'active', 'halt', 'x', 'y', NOW)).rejects.toThrow(/no longer active/);
  });
});
