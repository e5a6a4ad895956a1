import { z } from 'zod';
import type { SignedProposal } from '../../domain/authenticity';
import { err, ok, type Result } from '../../result';
import { zodReasons } from '../types';
import type { TypedData } from './typed-data';

const field = z.strictObject({ name: z.string().min(1), type: z.string().min(1) });

/**
 * The JSON Snapshot's sequencer pins for every accepted message: the signer's address, the
 * signature, the id it computed, and the EIP-712 typed data that was signed. Other keys (an
 * update's `originIpfs`, for instance) are allowed and ignored.
 */
export const envelopeSchema = z.object({
  address: z.string().min(1),
  sig: z.string().regex(/^0x[0-9a-fA-F]+$/, 'a 0x-prefixed hex signature'),
  hash: z.string().optional(),
  data: z.object({
    domain: z.record(z.string(), z.unknown()),
    types: z.record(z.string(), z.array(field)),
    message: z.record(z.string(), z.unknown()),
  }),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** Reads the fetched bytes as an envelope; anything else is named, never guessed at. */
export function readEnvelope(bytes: Uint8Array): Result<Envelope> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    return err(`the signed original is not UTF-8 JSON (${(e as Error).message})`);
  }
  const r = envelopeSchema.safeParse(json);
  return r.success ? ok(r.data) : err(...zodReasons(r.error).map((x) => `signed original: ${x}`));
}

const uint = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,20}$/)
    .transform(Number),
]);
const fields = z.object({
  from: z.string().optional(),
  space: z.string(),
  type: z.string(),
  title: z.string(),
  body: z.string(),
  choices: z.array(z.string()),
  start: uint,
  end: uint,
  snapshot: uint,
});

/** The fields govbridge compares, read from a message whose digest and signer are already known. */
export function signedProposal(env: Envelope, checked: { hash: string; signer: string }): Result<SignedProposal> {
  const r = fields.safeParse(env.data.message);
  if (!r.success) return err(...zodReasons(r.error).map((x) => `signed message: ${x}`));
  // Every known layout signs `from`; were one not to, the envelope's address would stand in.
  return ok({ ...checked, address: env.address, message: { ...r.data, from: r.data.from ?? env.address } });
}

export const typedDataOf = (env: Envelope): TypedData => env.data;
