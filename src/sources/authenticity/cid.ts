import { err, ok, type Result } from '../../result';
import { multiformats, sha2 } from './libs';

type CID = ReturnType<typeof multiformats.CID.parse>;

/** Codecs whose block is the file itself, so the CID's digest is a digest of the fetched bytes. */
const WHOLE_FILE_CODECS: Record<number, string> = { 0x55: 'raw', 0x0200: 'json', 0x0129: 'dag-json' };

/** How far the bytes were checked against their CID, recorded with each verification. */
export type BytesCheck = 'sha2-256 of the bytes equals the CID' | 'not checked: the CID is a UnixFS (dag-pb) or non-sha2-256 CID';

/** Parses the record's `ipfs` field (CIDv0 "Qm…" or CIDv1 in any multibase) with multiformats. */
export function parseCid(text: string): Result<CID> {
  try {
    return ok(multiformats.CID.parse(text.trim()));
  } catch (e) {
    return err(`"${text.slice(0, 80)}" is not a CID (${(e as Error).message})`);
  }
}

/**
 * Checks that the fetched bytes are the content the CID names. Snapshot pins its envelopes as
 * raw JSON (CIDv1, raw codec, sha2-256: "bafkrei…"); for those, and for json/dag-json blocks,
 * the sha2-256 of the bytes must equal the CID's digest, so a gateway cannot substitute other
 * content. For a UnixFS (dag-pb) CID the digest covers the protobuf wrapping, not the file, so
 * the bytes are not checked; the EIP-712 signature still binds what they say to the author.
 */
export async function checkBytes(cid: CID, bytes: Uint8Array): Promise<Result<BytesCheck>> {
  if (!(cid.code in WHOLE_FILE_CODECS) || cid.multihash.code !== sha2.sha256.code) {
    return ok('not checked: the CID is a UnixFS (dag-pb) or non-sha2-256 CID');
  }
  const digest = await sha2.sha256.digest(bytes);
  return multiformats.bytes.equals(digest.digest, cid.multihash.digest)
    ? ok('sha2-256 of the bytes equals the CID')
    : err(`the bytes served for ${cid.toString()} do not hash to it`);
}

/** The CIDv1 (raw codec, sha2-256) of some bytes, as Snapshot's pinning service produces it. */
export async function rawCidOf(bytes: Uint8Array): Promise<string> {
  return multiformats.CID.createV1(0x55, await sha2.sha256.digest(bytes)).toString();
}
