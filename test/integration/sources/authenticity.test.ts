import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load';
import { quietLogger } from '../../../src/log';
import { startService, type Service } from '../../../src/main';
import { AuthenticityStore } from '../../../src/store/authenticity';
import { seedProposal, type HubProposal } from '../../fixtures/hub/proposals';
import { LoopbackHub } from '../../fixtures/hub/server';
import { LoopbackGateway } from '../../fixtures/ipfs/gateway';
import {
  addressOf,
  AUTHOR_KEY,
  encode,
  messageFor,
  OTHER_KEY,
  signOriginal,
  type ProposalMessage,
  type SignedOriginal,
} from '../../helpers/signed-original';
import { tempDir, testEnv } from '../../helpers/tmp';
import { RULE_CODES } from '../../../src/domain/rules';

const seed = seedProposal();
const NOW = new Date('2025-02-14T06:00:00Z');
const message = (n: number, over: Partial<ProposalMessage> = {}): ProposalMessage =>
  // A distinct timestamp per case gives each signed message, hence each proposal, its own id.
  messageFor({ ...seed, space: seed.space.id, created: seed.created + n }, over);

/** The hub's copy of a signed proposal: the same fields, then whatever the case alters. */
const hubCopy = (s: SignedOriginal, over: Partial<HubProposal> = {}): HubProposal => ({
  ...seed,
  id: s.id,
  ipfs: s.cid,
  author: addressOf(AUTHOR_KEY),
  created: s.envelope.data.message.timestamp,
  snapshot: String(s.envelope.data.message.snapshot),
  link: null,
  ...over,
});

describe('hub records checked against the author-signed original on IPFS (loopback hub and gateway)', () => {
  const dir = tempDir();
  let hub: LoopbackHub;
  let gateway: LoopbackGateway;
  const services: Service[] = [];

  beforeAll(async () => {
    hub = await new LoopbackHub([]).start();
    gateway = await new LoopbackGateway().start();
  });
  afterAll(async () => {
    for (const s of services) await s.stop();
    await hub?.stop();
    await gateway?.stop();
  });

  /** A service on its own data dir, requiring verified bodies, reading the loopback hub and gateway. */
  async function service(name: string): Promise<Service> {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({ policy: { requireSignedBody: true }, source: { ipfsGateways: [gateway.url], ipfsTimeoutMs: 2000, maxRetries: 1 } }),
    );
    const cfg = loadConfig(
      testEnv({
        GOVBRIDGE_DATA_DIR: path.join(dir, name),
        GOVBRIDGE_SOURCE: 'snapshot',
        GOVBRIDGE_HUB_URL: hub.url,
        GOVBRIDGE_CONFIG: file,
      }),
    );
    if (!cfg.ok) throw new Error(cfg.errors.join('; '));
    const s = await startService(cfg.value, quietLogger(), { clock: () => NOW, schedule: false });
    services.push(s);
    return s;
  }

  it('verifies the honest record and quarantines every tampered one, naming the field', async () => {
    const honest = await signOriginal(message(0));
    const cases: [string, SignedOriginal, Partial<HubProposal>][] = [];
    const add = async (field: string, s: SignedOriginal | Promise<SignedOriginal>, over: Partial<HubProposal> = {}) =>
      cases.push([field, await s, over]);
    await add('body', signOriginal(message(1)), { body: `${seed.body}\n\nA paragraph the author never wrote.` });
    await add('choices', signOriginal(message(2)), { choices: ['For', 'Abstain', 'Against'] });
    await add('end', signOriginal(message(3)), { end: seed.end - 3600 });
    // The author signed for another space; the hub lists it under ours.
    await add('space', signOriginal(message(4, { space: 'other.eth' })));
    // Signed by another key in the author's name.
    await add('signature', signOriginal(message(5), OTHER_KEY));
    for (const [, s] of [['honest', honest] as const, ...cases]) gateway.put(s.cid, s.bytes);
    // A gateway serving other bytes under a CID: the bytes do not hash to it.
    const lied = await signOriginal(message(6));
    gateway.put(lied.cid, (await signOriginal(message(7))).bytes);
    cases.push(['ipfs', lied, {}]);
    hub.data = [hubCopy(honest), ...cases.map(([, s, over]) => hubCopy(s, over))];

    const svc = await service('tampered');
    const c = svc.components;
    const poll = await c.poller.runOnce(NOW);
    expect(poll.error).toBeNull();
    const auth = new AuthenticityStore(c.db);

    expect(poll.processed.find((l) => l.id === honest.id)).toMatchObject({ executable: true, reasons: [] });
    expect(await auth.get(honest.id)).toMatchObject({
      status: 'verified',
      signer: addressOf(AUTHOR_KEY),
      detail: expect.stringContaining('sha2-256 of the bytes equals the CID'),
    });
    for (const [field, s] of cases) {
      const line = poll.processed.find((l) => l.id === s.id);
      expect(line?.executable).toBe(false);
      expect(line?.problems[0]).toMatchObject({ code: RULE_CODES.quarantined, data: { fields: expect.arrayContaining([field]) } });
      expect(await c.plans.decision(s.id)).toMatchObject({ outcome: 'rejected', executable: false });
      expect(await auth.get(s.id)).toMatchObject({ status: 'mismatch', fields: expect.arrayContaining([field]) });
    }
    const trail = (await c.audit.page(null, 1000)).entries.filter((e) => e.action === 'quarantined');
    expect(trail.map((e) => e.proposalId).sort()).toEqual(cases.map(([, s]) => s.id).sort());

    await c.executor.runOnce(NOW);
    expect((await c.plans.get(honest.id))?.state).toBe('active');
    // The API shows what was checked, for the plan that runs.
    const api = (await (await fetch(`http://127.0.0.1:${svc.port}/api/plans/${honest.id}`)).json()) as { authenticity: unknown };
    expect(api.authenticity).toMatchObject({ status: 'verified', cid: honest.cid, signer: addressOf(AUTHOR_KEY) });
    for (const [, s] of cases) expect((await c.plans.get(s.id))?.state).toBe('rejected');
  });

  it('with the gateway down the plan waits, is retried on the next poll, and activates once verified', async () => {
    const signed = await signOriginal(message(20));
    gateway.put(signed.cid, signed.bytes);
    gateway.down = true;
    hub.data = [hubCopy(signed)];
    const svc = await service('down');
    const c = svc.components;
    const before = gateway.requests.length;

    const first = await c.poller.runOnce(NOW);
    expect(first.processed).toEqual([
      expect.objectContaining({
        id: signed.id,
        executable: true,
        problems: [expect.objectContaining({ code: RULE_CODES.waitingForOriginal })],
      }),
    ]);
    // One request per round: the first and one retry (source.maxRetries 1).
    expect(gateway.requests.length - before).toBe(2);
    expect(await c.plans.get(signed.id)).toMatchObject({
      state: 'accepted',
      waiting: expect.stringMatching(/^waiting for the author-signed original from IPFS/),
    });
    await c.executor.runOnce(NOW);
    expect((await c.plans.get(signed.id))?.state).toBe('accepted');

    gateway.down = false;
    const second = await c.poller.runOnce(new Date(NOW.getTime() + 300_000));
    expect(second.processed).toEqual([]);
    expect(await new AuthenticityStore(c.db).get(signed.id)).toMatchObject({ status: 'verified', attempts: 2 });
    expect((await c.plans.get(signed.id))?.waiting).toBeNull();
    await c.executor.runOnce(new Date(NOW.getTime() + 300_000));
    expect((await c.plans.get(signed.id))?.state).toBe('active');
  });

  it('a mismatch found on a later retry rejects the accepted plan before it runs', async () => {
    const signed = await signOriginal(message(30));
    const other = await encode(signed.id, {
      ...signed.envelope,
      data: { ...signed.envelope.data, message: { ...signed.envelope.data.message, end: seed.end + 60 } },
    });
    gateway.down = true;
    hub.data = [hubCopy(signed, { ipfs: other.cid })];
    gateway.put(other.cid, other.bytes);
    const svc = await service('late');
    const c = svc.components;
    await c.poller.runOnce(NOW);
    expect((await c.plans.get(signed.id))?.state).toBe('accepted');
    gateway.down = false;
    await c.poller.runOnce(new Date(NOW.getTime() + 300_000));
    expect((await c.plans.get(signed.id))?.state).toBe('rejected');
    expect((await new AuthenticityStore(c.db).get(signed.id))?.detail).toMatch(
      /^does not match the author-signed original: id, signature, author, end/,
    );
  });
});
