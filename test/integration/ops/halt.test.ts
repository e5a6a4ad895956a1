import type http from 'node:http';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex, stringToU8a, u8aWrapBytes } from '@polkadot/util';
import type { KeyringPair } from '@polkadot/keyring/types';
import { closeServer } from '../../../src/http/server';
import { OpsRequests } from '../../../src/ops/ops-requests';
import { canonicalMessage } from '../../../src/ops/signed-request';
import { COMMAND_CODES } from '../../../src/domain/plan-command';
import { quietLogger } from '../../../src/log';
import type { AuditLog } from '../../../src/store/audit';
import type { PlanStore } from '../../../src/store/plans';
import type { Governance } from '../../../src/governance/governance';
import { governanceIn } from '../../helpers/governance';
import { seedPlan } from '../../helpers/records';
import { tempDir } from '../../helpers/tmp';
import { serveOps } from '../../helpers/ops-server';

const NOW = new Date('2025-03-01T12:00:00Z');
let sr: KeyringPair, sr2: KeyringPair, ed: KeyringPair, stranger: KeyringPair;
const dir = tempDir();
let plans: PlanStore, audit: AuditLog, governance: Governance;
let server: http.Server;
let base: string;
let counter = 0;

beforeAll(async () => {
  ({ plans, audit, governance } = await governanceIn(dir));
  await cryptoWaitReady();
  sr = new Keyring({ type: 'sr25519' }).addFromUri('//OpsAlice');
  sr2 = new Keyring({ type: 'sr25519' }).addFromUri('//OpsBob');
  ed = new Keyring({ type: 'ed25519' }).addFromUri('//OpsCarol');
  stranger = new Keyring({ type: 'sr25519' }).addFromUri('//Mallory');
  const ops = new OpsRequests({
    plans,
    governance,
    audit,
    log: quietLogger(),
    policy: {
      keys: [
        { name: 'alice', publicKey: u8aToHex(sr.publicKey), type: 'sr25519' },
        { name: 'bob', publicKey: sr2.address, type: 'sr25519' },
        { name: 'carol', publicKey: u8aToHex(ed.publicKey), type: 'ed25519' },
      ],
      resumeThreshold: 2,
      maxSkewSeconds: 300,
    },
  });
  ({ server, base } = await serveOps(ops, NOW));
  await plans.insertPlan(
    {
      id: 'plan-1',
      space: 'rokonetwork.eth',
      title: 'seed',
      state: 'detected',
      plan: seedPlan(),
      cadence: 'P1D',
      proposalEnd: 1739491200,
      acceptedAt: null,
    },
    NOW,
  );
  await governance.move('plan-1', 'detected', 'accept', 'test', 'setup', NOW);
  await governance.move('plan-1', 'accepted', 'activate', 'test', 'setup', NOW);
});
afterAll(async () => closeServer(server));

function signed(pair: KeyringPair, action: string, over: Record<string, unknown> = {}, wrap = true) {
  const body = {
    action,
    planId: 'plan-1',
    issuedAt: NOW.toISOString(),
    nonce: `nonce-${++counter}-abcdef`,
    publicKey: u8aToHex(pair.publicKey),
    ...over,
  };
  const msg = stringToU8a(canonicalMessage(body as never));
  return { ...body, signature: u8aToHex(pair.sign(wrap ? u8aWrapBytes(msg) : msg)), ...over };
}

async function post(route: string, body: unknown, contentType = 'application/json') {
  const res = await fetch(`${base}/api/${route}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const state = async () => (await plans.get('plan-1'))!.state;
const refusals = async () => (await audit.page(null, 1000)).entries.filter((e) => e.action === 'ops.refused').length;
const lastRefusalCode = async () =>
  ((await audit.page(null, 1000)).entries.filter((e) => e.action === 'ops.refused').at(-1)?.data as { code?: string } | undefined)?.code;

describe('signed ops halts over HTTP', () => {
  const refused: [string, () => unknown, number, string][] = [
    ['a wrong key', () => signed(stranger, 'halt'), 401, 'ops.unknown-key'],
    ['a tampered message', () => ({ ...signed(sr, 'halt'), planId: 'plan-2' }), 401, 'ops.bad-signature'],
    ['a stale time', () => signed(sr, 'halt', { issuedAt: '2025-03-01T11:50:00.000Z' }), 401, 'ops.stale'],
    ['a time from the future', () => signed(sr, 'halt', { issuedAt: '2025-03-01T12:06:00.000Z' }), 401, 'ops.stale'],
    [
      'an ed25519 signature for an sr25519 key',
      () => ({ ...signed(ed, 'halt'), publicKey: u8aToHex(sr.publicKey) }),
      401,
      'ops.bad-signature',
    ],
    [
      'an sr25519 key registered as ed25519 claimed by a signature of another scheme',
      () => signed(ed, 'halt', { publicKey: u8aToHex(ed.publicKey), signature: '0x' + '11'.repeat(64) }),
      401,
      'ops.bad-signature',
    ],
    ['malformed hex', () => ({ ...signed(sr, 'halt'), signature: '0xzz' + '00'.repeat(63) }), 400, 'ops.malformed'],
    [
      'a missing nonce',
      () => {
        const b = signed(sr, 'halt') as Record<string, unknown>;
        delete b.nonce;
        return b;
      },
      400,
      'ops.malformed',
    ],
    ['an unknown field', () => ({ ...signed(sr, 'halt'), extra: 1 }), 400, 'ops.malformed'],
    ['the wrong action for the route', () => signed(sr, 'resume'), 400, 'ops.wrong-action'],
  ];

  it.each(refused)('refuses %s, changes nothing, and writes an audit line with its code', async (_n, make, status, code) => {
    const before = await refusals();
    const r = await post('halt', make());
    expect(r.status).toBe(status);
    // A malformed body's details list its issues; every other refusal's details carry its code.
    if (code !== 'ops.malformed') expect(r.body.details).toEqual({ code });
    expect(await state()).toBe('active');
    expect(await refusals()).toBe(before + 1);
    expect(await lastRefusalCode()).toBe(code);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const r = await post('halt', '{"action":', 'application/json');
    expect(r.status).toBe(400);
    expect(await state()).toBe('active');
  });

  it('refuses a wrong content type with 415, not 500', async () => {
    const r = await post('halt', 'action=halt', 'application/x-www-form-urlencoded');
    expect(r.status).toBe(415);
    expect(r.body.error).toMatch(/must be application\/json/);
  });

  it('accepts a valid sr25519 halt, then refuses its replay', async () => {
    const body = signed(sr, 'halt');
    const r = await post('halt', body);
    expect(r).toEqual({ status: 200, body: expect.objectContaining({ state: 'halted' }) });
    expect(await state()).toBe('halted');
    const replay = await post('halt', body);
    expect(replay).toEqual({ status: 401, body: expect.objectContaining({ details: { code: 'ops.nonce-reused' } }) });
  });

  it('needs two distinct ops signatures to resume; the same key twice does not count', async () => {
    const first = await post('resume', signed(sr, 'resume'));
    expect(first).toEqual({ status: 202, body: expect.objectContaining({ signatures: 1, required: 2 }) });
    const again = await post('resume', signed(sr, 'resume'));
    expect(again.body.signatures).toBe(1);
    expect(await state()).toBe('halted');
    const second = await post('resume', signed(ed, 'resume', {}, false));
    expect(second).toEqual({ status: 200, body: expect.objectContaining({ state: 'active', signatures: 2 }) });
    expect(await state()).toBe('active');
  });

  it('accepts an SS58-registered key and an unwrapped signature', async () => {
    const r = await post('halt', signed(sr2, 'halt', {}, false));
    expect(r.status).toBe(200);
    expect(await state()).toBe('halted');
    const audit2 = (await audit.page(null, 1000)).entries.filter((e) => e.action === 'halted');
    expect(audit2.at(-1)).toMatchObject({ actor: 'ops:bob', planId: 'plan-1' });
  });

  it('refuses to resume a plan that is not halted, and an unknown plan', async () => {
    await post('resume', signed(sr, 'resume'));
    await post('resume', signed(ed, 'resume'));
    expect(await state()).toBe('active');
    expect(await post('resume', signed(sr, 'resume'))).toEqual({
      status: 409,
      body: expect.objectContaining({ details: { code: COMMAND_CODES.wrongState } }),
    });
    expect(await post('halt', signed(sr, 'halt', { planId: 'nope' }))).toEqual({
      status: 404,
      body: expect.objectContaining({ details: { code: COMMAND_CODES.noPlan } }),
    });
  });
});
