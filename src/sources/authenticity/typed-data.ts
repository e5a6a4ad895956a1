import { viem, type Hex, type TypedDataDomain } from './libs';
import { err, ok, type Result } from '../../result';

/** The EIP-712 domain Snapshot's sequencer accepts for every message it relays. */
export const SNAPSHOT_DOMAIN = { name: 'snapshot', version: '0.1.4' } as const;

type Field = { name: string; type: string };

/** "from:address space:string …" → the EIP-712 field list, in order. */
const layout = (spec: string): Field[] =>
  spec.split(/\s+/).map((pair) => {
    const [name, type] = pair.split(':') as [string, string];
    return { name, type };
  });

const HEAD = 'space:string timestamp:uint64 type:string title:string body:string';
const TIMES = 'start:uint64 end:uint64 snapshot:uint64';

/**
 * The `Proposal` type layouts Snapshot's clients have signed over the years, newest first. The
 * sequencer accepts a proposal only under a layout it knows, so an envelope with any other
 * layout is not one the hub could have produced. Kept as data: when Snapshot adds a field, a
 * new row here is the whole change (snapshot.js `src/sign/types.ts` is the reference).
 */
export const PROPOSAL_LAYOUTS: readonly (readonly Field[])[] = [
  // `from` as a string: authors that are not Ethereum accounts.
  layout(`from:string ${HEAD} discussion:string choices:string[] labels:string[] ${TIMES} plugins:string privacy:string app:string`),
  layout(`from:address ${HEAD} discussion:string choices:string[] labels:string[] ${TIMES} plugins:string privacy:string app:string`),
  layout(`from:address ${HEAD} discussion:string choices:string[] labels:string[] ${TIMES} plugins:string app:string`),
  layout(`from:address ${HEAD} discussion:string choices:string[] ${TIMES} plugins:string app:string`),
  layout(`from:address ${HEAD} discussion:string choices:string[] ${TIMES} plugins:string`),
  layout(`from:address ${HEAD} discussion:string choices:string[] ${TIMES} network:string plugins:string`),
];

/** What a signed envelope's `data` holds (already validated for shape). */
export interface TypedData {
  domain: Record<string, unknown>;
  types: Record<string, Field[]>;
  message: Record<string, unknown>;
}

const sameLayout = (a: readonly Field[], b: readonly Field[]): boolean =>
  a.length === b.length && a.every((x, i) => x.name === b[i]!.name && x.type === b[i]!.type);

/** Checks domain and layout: exactly one `Proposal` type (besides EIP712Domain) in a known layout. */
export function proposalLayout(data: TypedData): Result<Field[]> {
  const { domain } = data;
  if (domain.name !== SNAPSHOT_DOMAIN.name || domain.version !== SNAPSHOT_DOMAIN.version || Object.keys(domain).length !== 2) {
    return err(`domain is ${JSON.stringify(domain)}, not Snapshot's ${JSON.stringify(SNAPSHOT_DOMAIN)}`);
  }
  const names = Object.keys(data.types).filter((k) => k !== 'EIP712Domain');
  if (names.length !== 1 || names[0] !== 'Proposal') return err(`types are ${names.join(', ') || 'none'}, not one Proposal type`);
  const fields = data.types.Proposal!;
  if (!PROPOSAL_LAYOUTS.some((known) => sameLayout(known, fields))) {
    return err(`the Proposal type (${fields.map((x) => x.name).join(', ')}) is not a layout Snapshot signs`);
  }
  return ok(fields);
}

const typedOf = (data: TypedData, layout: Field[]) => ({
  domain: data.domain as TypedDataDomain,
  types: { Proposal: layout },
  primaryType: 'Proposal' as const,
  message: data.message,
});

/**
 * The EIP-712 digest of the message: what Snapshot uses as the proposal id. viem checks that the
 * message fits the layout; one that does not (a missing field, a non-integer time, a `from` that
 * is not an address) is an error, never a digest of something else.
 */
export function digestOf(data: TypedData, layout: Field[]): Result<string> {
  try {
    return ok(viem.hashTypedData(typedOf(data, layout)));
  } catch (e) {
    return err(`the signed message does not fit its type: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The address the signature recovers (an EOA's ECDSA signature over the digest). */
export async function signerOf(data: TypedData, layout: Field[], sig: string): Promise<Result<string>> {
  try {
    return ok(await viem.recoverTypedDataAddress({ ...typedOf(data, layout), signature: sig as Hex }));
  } catch (e) {
    return err(`signature cannot be recovered: ${(e as Error).message.split('\n')[0]}`);
  }
}
