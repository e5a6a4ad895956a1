import type * as Accounts from 'viem/accounts' with { 'resolution-mode': 'import' };
import { viem, type Hex } from '../../src/sources/authenticity/libs';
import { rawCidOf } from '../../src/sources/authenticity/cid';
import { PROPOSAL_LAYOUTS, SNAPSHOT_DOMAIN } from '../../src/sources/authenticity/typed-data';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const accounts = require('viem/accounts') as typeof Accounts;

/** Public test keys, never funded: the author of signed fixtures, and someone else. */
export const AUTHOR_KEY: Hex = `0x${'a1'.repeat(32)}`;
export const OTHER_KEY: Hex = `0x${'b2'.repeat(32)}`;
export const addressOf = (key: Hex): string => accounts.privateKeyToAccount(key).address;

/** The fields of a Snapshot `Proposal` message (the current layout with an address `from`). */
export interface ProposalMessage {
  from: string;
  space: string;
  timestamp: number;
  type: string;
  title: string;
  body: string;
  discussion: string;
  choices: string[];
  labels: string[];
  start: number;
  end: number;
  snapshot: number;
  plugins: string;
  privacy: string;
  app: string;
  /** Only in the oldest layout still accepted. */
  network?: string;
}

const LAYOUT = PROPOSAL_LAYOUTS[1]!.map((f) => ({ ...f }));

export interface SignedOriginal {
  /** The EIP-712 digest: the proposal id the hub would give it. */
  id: string;
  envelope: {
    address: string;
    sig: string;
    hash: string;
    data: { domain: typeof SNAPSHOT_DOMAIN; types: { Proposal: typeof LAYOUT }; message: ProposalMessage };
  };
  bytes: Uint8Array;
  cid: string;
}

/**
 * Signs a proposal message as Snapshot's client does (EIP-712, domain snapshot/0.1.4) with a
 * test key, and wraps it as the sequencer pins it. `signer` signs; `message.from` names the author.
 */
export async function signOriginal(message: ProposalMessage, signer: Hex = AUTHOR_KEY, layout = LAYOUT): Promise<SignedOriginal> {
  // The message carries exactly the layout's fields, as a client signing that layout would send.
  const fields = Object.fromEntries(layout.map((f) => [f.name, (message as unknown as Record<string, unknown>)[f.name]]));
  const typed = { domain: SNAPSHOT_DOMAIN, types: { Proposal: layout }, primaryType: 'Proposal' as const, message: fields };
  const id = viem.hashTypedData(typed);
  const account = accounts.privateKeyToAccount(signer);
  const sig = await account.signTypedData(typed);
  const envelope = {
    address: message.from,
    sig,
    hash: id,
    data: { domain: SNAPSHOT_DOMAIN, types: { Proposal: layout }, message: fields as unknown as ProposalMessage },
  };
  return encode(id, envelope);
}

/** The bytes and CID of an envelope (after a test has tampered with it, for instance). */
export async function encode(id: string, envelope: SignedOriginal['envelope']): Promise<SignedOriginal> {
  const bytes = new TextEncoder().encode(JSON.stringify(envelope));
  return { id, envelope, bytes, cid: await rawCidOf(bytes) };
}

/** A message for a record's fields, signed by the default author key unless `from` is given. */
export function messageFor(
  r: { space: string; type: string | null; title: string; body: string; choices: string[]; start: number; end: number; created: number },
  over: Partial<ProposalMessage> = {},
): ProposalMessage {
  return {
    from: addressOf(AUTHOR_KEY),
    space: r.space,
    timestamp: r.created,
    type: r.type ?? 'basic',
    title: r.title,
    body: r.body,
    discussion: '',
    choices: r.choices,
    labels: [],
    start: r.start,
    end: r.end,
    snapshot: 21_845_000,
    plugins: '{}',
    privacy: '',
    app: 'snapshot',
    network: '1',
    ...over,
  };
}
