import { quietLogger } from '../../../src/log';
import type { ProposalRecord } from '../../../src/domain/proposal';
import { rawCidOf } from '../../../src/sources/authenticity/cid';
import type { Fetched, OriginalStore } from '../../../src/sources/authenticity/gateway';
import { AuthenticityVerifier } from '../../../src/sources/authenticity/verify';
import { PROPOSAL_LAYOUTS } from '../../../src/sources/authenticity/typed-data';
import { loadConfig } from '../../../src/config/load';
import { createVerifier } from '../../../src/sources/authenticity';
import { FixturesSource } from '../../../src/sources/fixtures';
import { seedRecord } from '../../helpers/records';
import { addressOf, AUTHOR_KEY, encode, messageFor, OTHER_KEY, signOriginal, type SignedOriginal } from '../../helpers/signed-original';

/** Serves envelopes from memory by CID, like a gateway that answers instantly. */
class MemoryOriginals implements OriginalStore {
  readonly files = new Map<string, Uint8Array>();
  put(s: SignedOriginal): void {
    this.files.set(s.cid, s.bytes);
  }
  fetch(cid: string): Promise<Fetched> {
    const bytes = this.files.get(cid);
    return Promise.resolve(
      bytes
        ? { kind: 'ok', bytes, check: 'sha2-256 of the bytes equals the CID', from: 'memory' }
        : { kind: 'unreachable', reason: 'not here' },
    );
  }
}

const base = seedRecord();
const recordOf = (s: SignedOriginal, over: Partial<ProposalRecord> = {}): ProposalRecord =>
  seedRecord({ id: s.id, author: addressOf(AUTHOR_KEY), ipfs: s.cid, snapshot: String(s.envelope.data.message.snapshot), ...over });

describe('authenticity verifier', () => {
  const store = new MemoryOriginals();
  const verifier = new AuthenticityVerifier(store, quietLogger());
  let signed: SignedOriginal;

  beforeAll(async () => {
    signed = await signOriginal(messageFor(base));
    store.put(signed);
  });

  it('verifies a record that equals what its author signed', async () => {
    const c = await verifier.check(recordOf(signed));
    expect(c).toMatchObject({ status: 'verified', signer: addressOf(AUTHOR_KEY), cid: signed.cid });
  });

  it.each(PROPOSAL_LAYOUTS.map((l, i) => [i, l.map((f) => f.name).join(' ')] as const))(
    'verifies a message signed under layout %i (%s)',
    async (i) => {
      const s = await signOriginal(
        messageFor(base, { timestamp: base.created + 100 + i }),
        AUTHOR_KEY,
        PROPOSAL_LAYOUTS[i]!.map((f) => ({ ...f })),
      );
      store.put(s);
      expect(await verifier.check(recordOf(s))).toMatchObject({ status: 'verified' });
    },
  );

  it('compares the author case-insensitively', async () => {
    expect((await verifier.check(recordOf(signed, { author: addressOf(AUTHOR_KEY).toLowerCase() }))).status).toBe('verified');
  });

  // The hub serving a different field than the author signed: each is named.
  it.each<[string, Partial<ProposalRecord>]>([
    ['body', { body: base.body.replace('884 TAO', '885 TAO') }],
    ['body', { body: base.body + '\u200b' }],
    ['choices', { choices: ['For', 'Abstain', 'Against'] }],
    ['end', { end: base.end + 1 }],
    ['start', { start: base.start - 3600 }],
    ['space', { space: 'other.eth' }],
    ['title', { title: 'Another title' }],
    ['type', { type: 'single-choice' }],
    ['snapshot', { snapshot: '1' }],
    ['author', { author: addressOf(OTHER_KEY) }],
    ['id', { id: '0x' + 'ab'.repeat(32) }],
  ])('a hub record with another %s is a mismatch naming it', async (field, over) => {
    const c = await verifier.check(recordOf(signed, over));
    expect(c.status).toBe('mismatch');
    if (c.status !== 'mismatch') return;
    expect(c.fields).toEqual([field]);
    expect(c.reason).toBe(`does not match the author-signed original: ${field}`);
  });

  it('a message signed by another key does not recover its address', async () => {
    const forged = await signOriginal(messageFor(base), OTHER_KEY);
    store.put(forged);
    const c = await verifier.check(recordOf(forged));
    expect(c).toMatchObject({ status: 'mismatch', fields: ['signature', 'author'] });
  });

  it('a message whose body was changed after signing no longer hashes to the id', async () => {
    const env = structuredClone(signed.envelope);
    env.data.message.body = base.body.replace('75%', '25%');
    const tampered = await encode(signed.id, env);
    store.put(tampered);
    // The hub serves the same altered body, so only the digest and the signature give it away.
    const c = await verifier.check(recordOf(tampered, { body: env.data.message.body }));
    expect(c).toMatchObject({ status: 'mismatch', fields: ['id', 'signature', 'author'] });
  });

  it('refuses an envelope under a layout Snapshot never signs, or another domain', async () => {
    const env = structuredClone(signed.envelope);
    env.data.types.Proposal = env.data.types.Proposal.filter((f) => f.name !== 'discussion');
    const odd = await encode(signed.id, env);
    store.put(odd);
    const c = await verifier.check(recordOf(odd));
    expect(c).toMatchObject({ status: 'mismatch', fields: ['envelope'] });
    const env2 = structuredClone(signed.envelope) as unknown as { data: { domain: Record<string, unknown> } };
    env2.data.domain = { name: 'snapshot', version: '0.1.3' };
    const other = await encode(signed.id, env2 as unknown as SignedOriginal['envelope']);
    store.put(other);
    expect(await verifier.check(recordOf(other))).toMatchObject({ status: 'mismatch', fields: ['envelope'] });
    expect(PROPOSAL_LAYOUTS.length).toBeGreaterThan(1);
  });

  it('names the envelope for a message that does not fit its type, the signature for one that cannot be recovered', async () => {
    const env = structuredClone(signed.envelope);
    env.data.message.start = 1.5;
    const misfit = await encode(signed.id, env);
    store.put(misfit);
    expect(await verifier.check(recordOf(misfit))).toMatchObject({
      status: 'mismatch',
      fields: ['envelope'],
      reason: expect.stringMatching(/does not fit its type/),
    });
    const garbled = await encode(signed.id, { ...signed.envelope, sig: '0x1234' });
    store.put(garbled);
    expect(await verifier.check(recordOf(garbled))).toMatchObject({
      status: 'mismatch',
      fields: ['signature'],
      reason: expect.stringMatching(/cannot be recovered/),
    });
  });

  it('quarantines a record whose pinned original is an edit: the edit does not sign the proposal id', async () => {
    const env = structuredClone(signed.envelope) as unknown as { data: { types: Record<string, unknown> } };
    env.data.types = { UpdateProposal: signed.envelope.data.types.Proposal };
    const edit = await encode(signed.id, env as unknown as SignedOriginal['envelope']);
    store.put(edit);
    expect(await verifier.check(recordOf(edit))).toMatchObject({
      status: 'mismatch',
      fields: ['envelope'],
      reason: expect.stringMatching(/is an edit \(UpdateProposal\)/),
    });
  });

  it('refuses bytes that are not an envelope', async () => {
    const bytes = new TextEncoder().encode('{"hello": "world"}');
    const cid = await rawCidOf(bytes);
    store.files.set(cid, bytes);
    expect(await verifier.check(recordOf(signed, { ipfs: cid }))).toMatchObject({ status: 'mismatch', fields: ['envelope'] });
  });

  it('stays pending without a CID or when nothing serves it', async () => {
    expect(await verifier.check(recordOf(signed, { ipfs: null }))).toMatchObject({ status: 'pending' });
    expect(await verifier.check(recordOf(signed, { ipfs: 'bafkreiseedroko39' }))).toMatchObject({
      status: 'pending',
      reason: expect.stringMatching(/not a CID/),
    });
  });
});

describe('the bundled fixture', () => {
  it('verifies against its bundled signed original, so the offline demo checks it for real', async () => {
    const cfg = loadConfig({ NODE_ENV: 'test', GOVBRIDGE_SOURCE: 'fixtures' });
    if (!cfg.ok) throw new Error(cfg.errors.join('; '));
    const [record] = (await new FixturesSource().closedSince(cfg.value.space, { end: 0, ids: [] })).records;
    const c = await createVerifier(cfg.value, quietLogger()).check(record!);
    expect(c).toMatchObject({ status: 'verified', signer: record!.author, bytes: 'sha2-256 of the bytes equals the CID' });
    // The same record with one character changed is caught.
    expect(await createVerifier(cfg.value, quietLogger()).check({ ...record!, body: record!.body.replace('884', '894') })).toMatchObject({
      status: 'mismatch',
      fields: ['body'],
    });
  });
});
