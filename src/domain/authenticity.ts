import type { ProposalRecord } from './proposal';

/**
 * What an author signed, as read from the envelope pinned on IPFS and checked cryptographically
 * by the sources layer: `hash` is the recomputed EIP-712 digest, `signer` the address the
 * signature recovers. The comparison below is pure: it only says which fields disagree.
 */
export interface SignedProposal {
  hash: string;
  signer: string;
  /** The address the envelope names as signer (the sequencer's `address`). */
  address: string;
  message: {
    from: string;
    space: string;
    type: string;
    title: string;
    body: string;
    choices: string[];
    start: number;
    end: number;
    snapshot: number;
  };
}

/** The words every quarantine reason starts with, so operators and alerts can match on them. */
export const NOT_AUTHOR_SIGNED = 'does not match the author-signed original';
/** What a plan shows while the signed original has not been fetched and checked yet. */
export const WAITING_FOR_ORIGINAL = 'waiting for the author-signed original from IPFS';

export type AuthenticityStatus = 'verified' | 'mismatch' | 'pending';

/** The outcome of one attempt to check a record against its signed original. */
export type OriginalCheck =
  | { status: 'verified'; cid: string; signer: string; bytes: string; from: string }
  | { status: 'mismatch'; cid: string | null; fields: string[]; reason: string }
  | { status: 'pending'; cid: string | null; reason: string };

const sameAddress = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const sameList = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The fields on which the hub's record and the signed original disagree, in a fixed order:
 * `id` (the digest of the signed message is not the proposal id), `signature` (it does not
 * recover the address the envelope names), `author` (the signer is not the record's author),
 * then every field govbridge reads. Strings are compared exactly: one invisible character in the
 * body is a different body. `snapshot` is compared only when the source reported it.
 */
export function compareSigned(record: ProposalRecord, signed: SignedProposal): string[] {
  const m = signed.message;
  const bad: string[] = [];
  if (signed.hash.toLowerCase() !== record.id.toLowerCase()) bad.push('id');
  if (!sameAddress(signed.signer, signed.address)) bad.push('signature');
  if (!sameAddress(signed.signer, record.author) || !sameAddress(m.from, record.author)) bad.push('author');
  if (m.space !== record.space) bad.push('space');
  if (m.type !== record.type) bad.push('type');
  if (m.title !== record.title) bad.push('title');
  if (m.body !== record.body) bad.push('body');
  if (!sameList(m.choices, record.choices)) bad.push('choices');
  if (m.start !== record.start) bad.push('start');
  if (m.end !== record.end) bad.push('end');
  if (record.snapshot != null && String(m.snapshot) !== record.snapshot) bad.push('snapshot');
  return bad;
}

/** The quarantine reason for a list of disagreeing fields. */
export const mismatchReason = (fields: string[]): string => `${NOT_AUTHOR_SIGNED}: ${fields.join(', ')}`;
