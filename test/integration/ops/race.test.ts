import type http from 'node:http';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex, stringToU8a, u8aWrapBytes } from '@polkadot/util';
import type { KeyringPair } from '@polkadot/keyring/types';
import { closeServer } from '../../../src/http/server';
import { OpsRequests } from '../../../src/ops/ops-requests';
import { canonicalMessage, type OpsAction } from '../../../src/ops/signed-request';
import { COMMAND_CODES } from '../../../src/domain/plan-command';
import { quietLogger } from '../../../src/log';
import type { AuditLog } from '../../../src/store/audit';
import type { PlanRow, PlanStore } from '../../../src/store/plans';
import type { Governance } from '../../../src/governance/governance';
import { governanceIn } from '../../helpers/governance';
import { seedPlan } from '../../helpers/records';
import { tempDir } from '../../helpers/tmp';
import { serveOps } from '../../helpers/ops-server';

const NOW = new Date('2025-03-01T12:00:00Z');
const dir = tempDir();
let plans: PlanStore, audit: AuditLog, governance: Governance;
let alice: KeyringPair, bob: KeyringPair;
let server: http.Server;
let base: string;
let counter = 0;

async function activePlan(id: string): Promise<void> {
  const row = {
    id,
    space: 'rokonetwork.eth',
    title: id,
    state: 'detected' as const,
    plan: seedPlan(),
    cadence: 'P1D',
    proposalEnd: 1739491200,
  };
  await plans.insertPlan({ ...row, acceptedAt: null }, NOW);
  await governance.move(id, 'detected', 'accept', 'test', 'setup', NOW);
  await governance.move(id, 'accepted', 'activate', 'test', 'setup', NOW);
}

function signed(pair: KeyringPair, action: OpsAction, planId: string) {
  const body = { action, planId, issuedAt: NOW.toISOString(), nonce: `race-${++counter}-abcdef`, publicKey: u8aToHex(pair.publicKey) };
  return { ...body, signature: u8aToHex(pair.sign(u8aWrapBytes(stringToU8a(canonicalMessage(body))))) };
}

async function post(route: string, body: unknown) {
  const res = await fetch(`${base}/api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { error?: string; details?: { code?: string; [k: string]: unknown } } };
}

const actions = async (planId: string) => (await audit.page(null, 1000)).entries.filter((e) => e.planId === planId).map((e) => e.action);

beforeAll(async () => {
  ({ plans, audit, governance } = await governanceIn(dir));
  await cryptoWaitReady();
  alice = new Keyring({ type: 'sr25519' }).addFromUri('//RaceAlice');
  bob = new Keyring({ type: 'sr25519' }).addFromUri('//RaceBob');
  const keys = [
    { name: 'alice', publicKey: u8aToHex(alice.publicKey), type: 'sr25519' as const },
    { name: 'bob', publicKey: u8aToHex(bob.publicKey), type: 'sr25519' as const },
  ];
  const ops = new OpsRequests({ plans, governance, audit, log: quietLogger(), policy: { keys, resumeThreshold: 2, maxSkewSeconds: 300 } });
  ({ server, base } = await serveOps(ops, NOW));
});
afterAll(async () => closeServer(server));
afterEach(() => jest.restoreAllMocks());

describe('ops requests racing other writers of the same plan', () => {
  it('answers a halt of a plan that completed after it was read with 409 command.conflict, and changes nothing', async () => {
    await activePlan('plan-done');
    // The executor completes the plan; the halt request still reads the state it had before.
    await governance.move('plan-done', 'active', 'complete', 'executor', 'all tranches finalized', NOW);
    const real = plans.get.bind(plans);
    jest.spyOn(plans, 'get').mockImplementation(async (id: string): Promise<PlanRow | undefined> => {
      const row = await real(id);
      return row && { ...row, state: 'active' };
    });
    const before = await actions('plan-done');

    const r = await post('halt', signed(alice, 'halt', 'plan-done'));

    expect(r.status).toBe(409);
    expect(r.body.details).toEqual({ code: COMMAND_CODES.conflict, planId: 'plan-done', from: 'active', event: 'halt' });
    jest.restoreAllMocks();
    expect((await plans.get('plan-done'))?.state).toBe('completed');
    expect(await actions('plan-done')).toEqual(before);
  });

  it('applies one of two concurrent halts and refuses the other with 409 command.wrong-state', async () => {
    await activePlan('plan-twice');
    const answers = await Promise.all([post('halt', signed(alice, 'halt', 'plan-twice')), post('halt', signed(bob, 'halt', 'plan-twice'))]);

    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body.details).toEqual({ code: COMMAND_CODES.wrongState });
    expect((await plans.get('plan-twice'))?.state).toBe('halted');
    expect((await actions('plan-twice')).filter((a) => a === 'halted')).toHaveLength(1);
  });

  it('resumes once when the last two signatures arrive together, spending both', async () => {
    await activePlan('plan-resume');
    await post('halt', signed(alice, 'halt', 'plan-resume'));
    const answers = await Promise.all([
      post('resume', signed(alice, 'resume', 'plan-resume')),
      post('resume', signed(bob, 'resume', 'plan-resume')),
    ]);

    expect(answers.map((a) => a.status).sort()).toEqual([200, 202]);
    expect((await plans.get('plan-resume'))?.state).toBe('active');
    expect(await plans.resumeVotes('plan-resume')).toEqual([]);
  });
});
