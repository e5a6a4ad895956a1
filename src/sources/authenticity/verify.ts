import { compareSigned, mismatchReason, type OriginalCheck as Check } from '../../domain/authenticity';
import type { ProposalRecord } from '../../domain/proposal';
import type { Logger } from '../../log';
import { parseCid } from './cid';
import { readEnvelope, signedProposal, typedDataOf } from './envelope';
import type { OriginalStore } from './gateway';
import { digestOf, proposalLayout, signerOf } from './typed-data';

export type { OriginalCheck as Check } from '../../domain/authenticity';

const mismatch = (cid: string | null, fields: string[], detail?: string): Check => ({
  status: 'mismatch',
  cid,
  fields,
  reason: mismatchReason(fields) + (detail ? ` (${detail})` : ''),
});

/**
 * Checks a hub record against the envelope its author signed: the bytes are the CID's, the
 * typed data is a Snapshot proposal, its EIP-712 digest is the proposal id, the signature
 * recovers the envelope's address, that address is the author, and every field govbridge reads
 * equals the record's. Anything that cannot be fetched stays pending; anything fetched that
 * disagrees is a mismatch naming the fields.
 */
export class AuthenticityVerifier {
  private readonly log: Logger;

  constructor(
    private readonly store: OriginalStore,
    log: Logger,
  ) {
    this.log = log.child({ module: 'sources.authenticity' });
  }

  async check(record: ProposalRecord): Promise<Check> {
    const c = await this.inspect(record);
    const at = { id: record.id, cid: c.cid };
    if (c.status === 'mismatch')
      this.log.error('ALERT: hub record does not match the author-signed original', { alert: true, ...at, reason: c.reason });
    else if (c.status === 'verified')
      this.log.info('record verified against its author-signed original', { ...at, signer: c.signer, bytes: c.bytes, from: c.from });
    else this.log.warn('author-signed original not available yet; retried next poll', { ...at, reason: c.reason });
    return c;
  }

  private async inspect(record: ProposalRecord): Promise<Check> {
    const cid = record.ipfs;
    if (!cid) return { status: 'pending', cid: null, reason: 'the source gives no IPFS CID for the signed original' };
    const parsed = parseCid(cid);
    if (!parsed.ok) return { status: 'pending', cid, reason: parsed.errors[0]! };
    const got = await this.store.fetch(cid);
    if (got.kind === 'unreachable') return { status: 'pending', cid, reason: got.reason };
    if (got.kind === 'tampered') return mismatch(cid, ['ipfs'], got.reason);
    const env = readEnvelope(got.bytes);
    if (!env.ok) return mismatch(cid, ['envelope'], env.errors.join('; '));
    if (env.value.data.types.UpdateProposal) {
      // An edit's envelope signs the edit, not the proposal id, and carries no start, end or
      // snapshot: without the original proposal's envelope there is nothing to bind them to.
      return mismatch(cid, ['envelope'], 'the pinned original is an edit (UpdateProposal); only an unedited proposal can be verified');
    }
    const data = typedDataOf(env.value);
    const layout = proposalLayout(data);
    if (!layout.ok) return mismatch(cid, ['envelope'], layout.errors[0]);
    const hash = digestOf(data, layout.value);
    if (!hash.ok) return mismatch(cid, ['envelope'], hash.errors[0]);
    const signer = await signerOf(data, layout.value, env.value.sig);
    if (!signer.ok) return mismatch(cid, ['signature'], signer.errors[0]);
    const signed = signedProposal(env.value, { hash: hash.value, signer: signer.value });
    if (!signed.ok) return mismatch(cid, ['envelope'], signed.errors.join('; '));
    const fields = compareSigned(record, signed.value);
    if (fields.length > 0) return mismatch(cid, fields);
    return { status: 'verified', cid, signer: signer.value, bytes: got.check, from: got.from };
  }
}
