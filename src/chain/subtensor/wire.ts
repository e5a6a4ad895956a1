/**
 * The wire shapes the adapter decodes: event records, dispatch errors and transaction statuses
 * as @polkadot/api's codecs serialise them with `toJSON()`. Decoding works on these plain values
 * so that it can be tested on records taken from the dev runtime (test/fixtures/chain/) without
 * a node; this file is the only place that turns live codecs into them.
 */
import type { Registry } from '@polkadot/types/types';
import { toBigInt } from './metadata';

/** One `system.events` record: the phase as `Phase.toJSON()`, the event's fields as `toJSON()`. */
export interface EventRecordJson {
  phase: { applyExtrinsic: number } | string | Record<string, unknown>;
  event: { section: string; method: string; data: unknown[] };
}

/** A pallet error named by the runtime's metadata. */
export interface ModuleErrorMeta {
  section: string;
  name: string;
  docs: string;
}

/** Names a module error from its pallet index and error index (the first byte of `error`). */
export type ErrorNamer = (pallet: number, error: number) => ModuleErrorMeta;

interface CodecLike {
  toJSON(): unknown;
}

interface EventRecordCodec {
  phase: CodecLike;
  event: { section: string; method: string; data: CodecLike[] };
}

/** Live `system.events` codecs in the shape the decoder reads. */
export function eventRecordsJson(records: unknown): EventRecordJson[] {
  return [...(records as Iterable<EventRecordCodec>)].map((r) => ({
    phase: r.phase.toJSON() as EventRecordJson['phase'],
    event: { section: r.event.section, method: r.event.method, data: r.event.data.map((d) => d.toJSON()) },
  }));
}

/** The extrinsic index of a record's phase, or null for initialization and finalization. */
export function extrinsicIndex(phase: EventRecordJson['phase']): number | null {
  if (typeof phase === 'object' && phase !== null && 'applyExtrinsic' in phase) return Number(phase.applyExtrinsic);
  return null;
}

/** The metadata of the connected runtime as an ErrorNamer. */
export function registryNamer(registry: Registry): ErrorNamer {
  return (pallet, error) => {
    const meta = registry.findMetaError(new Uint8Array([pallet, error]));
    return { section: meta.section, name: meta.name, docs: meta.docs.join(' ').trim() };
  };
}

/**
 * Amounts in codec JSON: a number when small, a hex string (big-endian) or decimal string when
 * large. Anything else is not an amount, and saying so beats decoding a wrong stake.
 */
export function jsonBigInt(v: unknown, what: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(v)) return BigInt(v);
  if (typeof v === 'bigint') return v;
  if (typeof v === 'object' && v !== null && 'toBigInt' in v) return toBigInt(v);
  throw new Error(`${what} is not an integer amount: ${JSON.stringify(v)}`);
}

/** The variant of an enum's JSON (`{inBlock: "0x.."}` → InBlock, `"ready"` → Ready) and its value. */
export function enumVariant(json: unknown): { type: string; value: unknown } {
  if (typeof json === 'string') return { type: pascal(json), value: null };
  if (typeof json === 'object' && json !== null) {
    const entry: [string, unknown] = Object.entries(json as Record<string, unknown>)[0] ?? ['', null];
    const [key, value] = entry;
    return { type: pascal(key), value };
  }
  return { type: String(json), value: null };
}

function pascal(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
