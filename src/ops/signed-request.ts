import { z } from 'zod';
import { decodeAddress, signatureVerify } from '@polkadot/util-crypto';
import { u8aToHex, u8aWrapBytes, stringToU8a } from '@polkadot/util';

export type OpsAction = 'halt' | 'resume' | 'adopt';

export const signedRequestSchema = z.strictObject({
  action: z.enum(['halt', 'resume', 'adopt']),
  planId: z.string().min(1).max(200),
  issuedAt: z.iso.datetime({ offset: true }),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, '8–128 characters of [A-Za-z0-9_-]'),
  publicKey: z.string().min(1).max(100),
  signature: z.string().regex(/^0x[0-9a-fA-F]{128}$/, 'a 0x-prefixed 64-byte hex signature'),
});

export type SignedRequest = z.infer<typeof signedRequestSchema>;

/** The exact bytes an ops key signs: canonical JSON with the keys in this order. */
export function canonicalMessage(r: Pick<SignedRequest, 'action' | 'planId' | 'issuedAt' | 'nonce'>): string {
  return JSON.stringify({ action: r.action, planId: r.planId, issuedAt: r.issuedAt, nonce: r.nonce });
}

export interface OpsKey {
  name: string;
  publicKey: string;
  type: 'sr25519' | 'ed25519';
}

/**
 * `reason` is for the client and may quote what it sent; `audit` is the same refusal in our own
 * words (a configured key's name at most), fit for the audit trail.
 */
export type Check = { ok: true; key: OpsKey } | { ok: false; status: 400 | 401; code: string; reason: string; audit: string };

function toHex(keyOrAddress: string): string | null {
  try {
    return u8aToHex(decodeAddress(keyOrAddress));
  } catch {
    return null;
  }
}

/**
 * Verifies a request's key and signature. polkadot-js `signRaw` wraps the bytes in
 * <Bytes>…</Bytes>; both the wrapped and the bare form are accepted, since both prove the same
 * key signed the same message. The scheme must be the one the key is registered with, so an
 * ed25519 signature never passes for an sr25519 key that happens to share the bytes.
 */
export function verifySignature(r: SignedRequest, keys: readonly OpsKey[]): Check {
  const hex = toHex(r.publicKey);
  if (hex === null)
    return {
      ok: false,
      status: 400,
      code: 'ops.bad-public-key',
      reason: 'publicKey is neither a hex public key nor an SS58 address',
      audit: 'publicKey is neither a hex public key nor an SS58 address',
    };
  const key = keys.find((k) => toHex(k.publicKey) === hex);
  if (!key) return { ok: false, status: 401, code: 'ops.unknown-key', reason: `unknown ops key ${hex}`, audit: 'unknown ops key' };
  const message = stringToU8a(canonicalMessage(r));
  for (const candidate of [u8aWrapBytes(message), message]) {
    const res = signatureVerify(candidate, r.signature, hex);
    if (res.isValid && res.crypto === key.type) return { ok: true, key };
    if (res.isValid) {
      const reason = `signature is ${res.crypto}, but key "${key.name}" is registered as ${key.type}`;
      return { ok: false, status: 401, code: 'ops.wrong-scheme', reason, audit: reason };
    }
  }
  return {
    ok: false,
    status: 401,
    code: 'ops.bad-signature',
    reason: `bad signature for key "${key.name}"`,
    audit: `bad signature for key "${key.name}"`,
  };
}

/** Whether issuedAt lies within ±maxSkewSeconds of now; the reason names the offset. */
export function checkFreshness(issuedAt: string, now: Date, maxSkewSeconds: number): string | null {
  const offset = Math.round((now.getTime() - Date.parse(issuedAt)) / 1000);
  return Math.abs(offset) > maxSkewSeconds ? `issuedAt is ${offset} s off the server clock (allowed ±${maxSkewSeconds} s)` : null;
}
