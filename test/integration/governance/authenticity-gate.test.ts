import { AuthenticityGate, AwaitingOriginal, type Verifier } from '../../../src/governance/authenticity';
import { RULE_CODES } from '../../../src/domain/rules';
import { LifecycleExecutorPlans } from '../../../src/wiring/executor-plans';
import { quietLogger } from '../../../src/log';
import type { OriginalCheck as Check } from '../../../src/domain/authenticity';
import { AuthenticityStore } from '../../../src/store/authenticity';
import { ProposalStore } from '../../../src/store/proposals';
import { governanceIn } from '../../helpers/governance';
import { seedRecord, SEED_ID } from '../../helpers/records';
import { tempDir } from '../../helpers/tmp';

const NOW = new Date('2025-02-14T06:00:00Z');
const t = (iso: string) => Date.parse(iso) / 1000;
const emergency = [
  'Emergency',
  '',
  '```govbridge',
  'version: 1',
  'kind: emergency',
  `target: "${SEED_ID}"`,
  'action: halt',
  'reason: exploit',
  '```',
  '',
].join('\n');

/** A verifier that answers what the test sets, per proposal id. */
class ScriptedVerifier implements Verifier {
  answers = new Map<string, Check>();
  asked: string[] = [];
  check(record: { id: string }): Promise<Check> {
    this.asked.push(record.id);
    return Promise.resolve(this.answers.get(record.id) ?? { status: 'pending', cid: null, reason: 'gateway down' });
  }
}

async function gate(dir: string, name: string, requireSignedBody: boolean) {
  const g = await governanceIn(dir, name);
  const verifier = new ScriptedVerifier();
  const store = new AuthenticityStore(g.db);
  const proposals = new ProposalStore(g.db);
  // The poller stores every record before it hands it on; retries read it back from there.
  await proposals.ingest('rokonetwork.eth', { records: [seedRecord()], rejects: [], held: [] }, null, NOW);
  const authenticity = new AuthenticityGate({
    verifier,
    store,
    proposals,
    governance: g.governance,
    plans: g.plans,
    audit: g.audit,
    requireSignedBody,
    log: quietLogger(),
  });
  const executorPlans = new LifecycleExecutorPlans(g.plans, g.governance, (id) => authenticity.blocker(id));
  return { ...g, verifier, store, proposals, authenticity, executorPlans };
}

describe('authenticity gate in front of governance', () => {
  const dir = tempDir();
  const verified: Check = {
    status: 'verified',
    cid: 'bafk',
    signer: '0x6cdDA44E3B32bf1F2Ef0dbA7AF81A49a5558184f',
    bytes: 'sha2-256 of the bytes equals the CID',
    from: 'test',
  };

  it('keeps an unverified accepted plan out of the executor, with its waiting note, then lets it run', async () => {
    const g = await gate(dir, 'a.sqlite', true);
    const v = await g.authenticity.decide(seedRecord(), NOW);
    expect(v).toMatchObject({ executable: true, problems: [{ code: RULE_CODES.waitingForOriginal }] });
    expect(v.reasons).toEqual(['waiting for the author-signed original from IPFS: gateway down']);
    expect(await g.executorPlans.runnable()).toEqual([]);
    expect((await g.plans.get(SEED_ID))?.waiting).toBe('waiting for the author-signed original from IPFS: gateway down');
    g.verifier.answers.set(SEED_ID, verified);
    await g.authenticity.retryPending(new Date(NOW.getTime() + 1000));
    expect((await g.executorPlans.runnable()).map((p) => p.id)).toEqual([SEED_ID]);
    expect((await g.plans.get(SEED_ID))?.waiting).toBeNull();
    expect((await g.audit.latest(SEED_ID, 'verified'))?.reason).toMatch(/^matches the author-signed original: signed by 0x6cdDA44E/);
  });

  it('with requireSignedBody off, an unverified plan may run, but a later mismatch halts it', async () => {
    const g = await gate(dir, 'b.sqlite', false);
    expect((await g.authenticity.decide(seedRecord(), NOW)).reasons).toEqual([]);
    expect((await g.executorPlans.runnable()).map((p) => p.id)).toEqual([SEED_ID]);
    await g.governance.move(SEED_ID, 'accepted', 'activate', 'executor', 'phase 1 done', NOW);
    g.verifier.answers.set(SEED_ID, {
      status: 'mismatch',
      cid: 'bafk',
      fields: ['body'],
      reason: 'does not match the author-signed original: body',
    });
    await g.authenticity.retryPending(new Date(NOW.getTime() + 1000));
    expect((await g.plans.get(SEED_ID))?.state).toBe('halted');
    expect((await g.audit.latest(SEED_ID, 'halted'))?.reason).toBe('quarantined: does not match the author-signed original: body');
  });

  it('does not decide an emergency proposal before its original is verified', async () => {
    const g = await gate(dir, 'c.sqlite', true);
    g.verifier.answers.set(SEED_ID, verified);
    await g.authenticity.decide(seedRecord(), NOW);
    await g.governance.move(SEED_ID, 'accepted', 'activate', 'executor', 'phase 1 done', NOW);
    const em = seedRecord({ id: '0xe1', body: emergency, start: t('2025-03-01T00:00:00Z'), end: t('2025-03-02T00:00:00Z') });
    const at = new Date('2025-03-02T01:00:00Z');
    await g.proposals.ingest('rokonetwork.eth', { records: [em], rejects: [], held: [] }, null, at);
    await expect(g.authenticity.decide(em, at)).rejects.toThrow(AwaitingOriginal);
    expect(await g.plans.decision('0xe1')).toBeUndefined();
    expect((await g.plans.get(SEED_ID))?.state).toBe('active');
    g.verifier.answers.set('0xe1', { ...verified });
    // The next poll's retry verifies it; the poller then offers it again and it is decided.
    await g.authenticity.retryPending(new Date(at.getTime() + 1000));
    const asked = g.verifier.asked.length;
    expect(await g.authenticity.decide(em, at)).toMatchObject({ executable: true });
    expect(g.verifier.asked.length).toBe(asked);
    expect((await g.plans.get(SEED_ID))?.state).toBe('halted');
  });

  it('decides a proposal the rules refuse without fetching its original', async () => {
    const g = await gate(dir, 'e.sqlite', true);
    const v = await g.authenticity.decide(seedRecord({ scores: [1, 2, 0] }), NOW);
    expect(v.executable).toBe(false);
    expect(v.problems.map((p) => p.code)).toContain(RULE_CODES.notPassed);
    expect(g.verifier.asked).toEqual([]);
    expect(await g.store.get(SEED_ID)).toBeUndefined();
  });

  it('stops fetching for a proposal that can no longer run (blocked by a lock)', async () => {
    const g = await gate(dir, 'f.sqlite', true);
    g.verifier.answers.set(SEED_ID, verified);
    await g.authenticity.decide(seedRecord(), NOW);
    const rival = seedRecord({ id: '0xr1', title: 'rival', start: t('2025-02-28T00:00:00Z'), end: t('2025-03-01T00:00:00Z') });
    await g.proposals.ingest('rokonetwork.eth', { records: [rival], rejects: [], held: [] }, null, NOW);
    const at = new Date('2025-03-01T01:00:00Z');
    expect((await g.authenticity.decide(rival, at)).problems.map((p) => p.code)).toEqual([RULE_CODES.locked]);
    expect((await g.plans.get('0xr1'))?.state).toBe('blocked');
    const asked = g.verifier.asked.length;
    await g.authenticity.retryPending(new Date(at.getTime() + 1000));
    expect(g.verifier.asked.length).toBe(asked);
    expect((await g.store.get('0xr1'))?.lastChecked.toISOString()).toBe(new Date(at.getTime() + 1000).toISOString());
  });

  it('a verdict once final is never overwritten by a later attempt', async () => {
    const g = await gate(dir, 'd.sqlite', true);
    await g.store.record(
      '0x1',
      { status: 'mismatch', cid: null, fields: ['body'], detail: 'does not match the author-signed original: body' },
      NOW,
    );
    const after = await g.store.record('0x1', { status: 'verified', cid: null, detail: 'ok' }, NOW);
    expect(after).toMatchObject({ status: 'mismatch', attempts: 1 });
  });
});
