import fs from 'node:fs';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { loadConfig } from '../../../src/config/load';
import { quietLogger } from '../../../src/log';
import { startService, type Service } from '../../../src/main';
import { signRequest } from '../../../src/cli/ops';
import { STALE_REASON } from '../../../src/domain/lifecycle';
import { LoopbackHub } from '../../fixtures/hub/server';
import { seedProposal, SEED_ID } from '../../fixtures/hub/proposals';
import { runCli } from '../../helpers/cli';
import { seedRecord } from '../../helpers/records';
import { governanceIn } from '../../helpers/governance';
import { tempDir, testEnv } from '../../helpers/tmp';

const DAY = 86_400_000;
const VOTE_END = Date.parse('2025-02-14T00:00:00Z');

/**
 * A fresh store (a wiped disk, a new database) polls a vote that ended 30 days ago: an earlier
 * installation may have executed it already, so it must not start by itself.
 */
describe('the stale-plan guard', () => {
  const dir = tempDir();
  let hub: LoopbackHub;
  let service: Service;
  let env: NodeJS.ProcessEnv;
  let now = new Date(VOTE_END + 30 * DAY);

  beforeAll(async () => {
    await cryptoWaitReady();
    const keys = ['//OpsAlice', '//OpsBob'].map((uri, i) => ({
      name: `ops${i}`,
      publicKey: u8aToHex(new Keyring({ type: 'sr25519' }).addFromUri(uri).publicKey),
      type: 'sr25519',
    }));
    hub = await new LoopbackHub([seedProposal()]).start();
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ ops: { keys, resumeThreshold: 2 } }));
    env = testEnv({ GOVBRIDGE_DATA_DIR: dir, GOVBRIDGE_SOURCE: 'snapshot', GOVBRIDGE_HUB_URL: hub.url, GOVBRIDGE_CONFIG: file });
    const cfg = loadConfig(env);
    if (!cfg.ok) throw new Error(cfg.errors.join('; '));
    service = await startService(cfg.value, quietLogger(), { clock: () => now, schedule: false });
  });
  afterAll(async () => {
    await service?.stop();
    await hub?.stop();
  });

  it('marks the plan stale, sends nothing, and runs it once the threshold of ops keys adopts it', async () => {
    const c = service.components;
    const poll = await c.poller.runOnce(now);
    expect(poll.processed).toEqual([expect.objectContaining({ id: SEED_ID, executable: false })]);
    expect((await c.plans.get(SEED_ID))?.state).toBe('stale');
    const tick = await c.executor.runOnce(now);
    expect(tick.sent).toBe(0);
    expect(await c.ledger.forPlan(SEED_ID)).toEqual([]);

    // Shown as stale with its reason in the API and the CLI.
    const base = `http://127.0.0.1:${service.port}`;
    const plan = (await (await fetch(`${base}/api/plans/${SEED_ID}`)).json()) as { state: string; waiting: string };
    expect(plan.state).toBe('stale');
    expect(plan.waiting).toContain(STALE_REASON);
    expect(plan.waiting).toMatch(/ended 30 day\(s\) before this store first saw it \(grace P7D\)/);
    const status = await runCli(['status'], env);
    expect(status.stdout).toMatch(/\[stale\]/);
    expect(status.stdout).toContain(STALE_REASON);

    // One signature is not enough; a bad one changes nothing; the second distinct key adopts.
    const adopt = async (uri: string) => {
      // Signed with the signer's real clock; the service judges freshness on real time.
      const body = await signRequest('adopt', SEED_ID, uri, 'sr25519', new Date());
      const res = await fetch(`${base}/api/adopt`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { state?: string; error?: string } };
    };
    expect(await adopt('//OpsAlice')).toMatchObject({ status: 202, body: { state: 'stale' } });
    expect(await adopt('//Mallory')).toMatchObject({ status: 401 });
    expect(await adopt('//OpsAlice')).toMatchObject({ status: 202 });
    expect((await c.plans.get(SEED_ID))?.state).toBe('stale');
    expect(await adopt('//OpsBob')).toMatchObject({ status: 200, body: { state: 'accepted' } });

    // Adopted: phase 1 and activation on the next tick, then the tranches.
    const first = await c.executor.runOnce(now);
    expect(first.activated).toEqual([SEED_ID]);
    expect((await c.plans.get(SEED_ID))?.state).toBe('active');
    now = new Date(now.getTime() + DAY);
    expect((await c.executor.runOnce(now)).sent).toBe(5);
    expect((await c.audit.page(null, 50, SEED_ID)).entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['stale', 'adopt.signed', 'accepted', 'active']),
    );
  });

  it('lets a passed emergency proposal with action adopt adopt a stale plan, and a fresh vote activate by itself', async () => {
    const { db, governance, plans } = await governanceIn(dir, 'emergency.sqlite');
    const late = new Date(VOTE_END + 30 * DAY);
    expect(await governance.decide(seedRecord(), late)).toMatchObject({ outcome: 'stale', executable: false });
    const body = [
      'Emergency: adopt',
      '',
      '```govbridge',
      'version: 1',
      'kind: emergency',
      `target: "${SEED_ID}"`,
      'action: adopt',
      'reason: we checked the chain and nothing was executed',
      '```',
      '',
    ].join('\n');
    const em = seedRecord({
      id: `0x${'e'.repeat(64)}`,
      title: 'Emergency: adopt',
      body,
      end: late.getTime() / 1000 - 60,
      start: late.getTime() / 1000 - 86_400,
    });
    expect(await governance.decide(em, late)).toMatchObject({ outcome: 'applied' });
    expect((await plans.get(SEED_ID))?.state).toBe('accepted');
    await db.close();
    // Within the grace (seven days) nothing changes: the vote activates as before.
    const fresh = await governanceIn(dir, 'fresh.sqlite');
    expect(await fresh.governance.decide(seedRecord(), new Date(VOTE_END + 6 * DAY))).toMatchObject({ outcome: 'accepted' });
    await fresh.db.close();
  });
});
