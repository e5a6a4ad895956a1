/**
 * Converts the plain dev chainspec (runtime code + genesis patch) to the raw form chopsticks
 * needs (DESIGN 8), exactly as a node's chain-spec builder would: ask the runtime for its default
 * genesis preset, merge the spec's patch over it, let the runtime build the genesis state, then
 * add `:code`. Unresolved imports are allowed because the runtime imports bls12-381 host
 * functions that the executor does not provide and that genesis never calls.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compactAddLength, hexToU8a, stringToU8a, u8aToHex, u8aToString } from '@polkadot/util';
import { TypeRegistry } from '@polkadot/types';
import { xxhashAsHex } from '@polkadot/util-crypto';

type HexString = `0x${string}`;
interface TaskResult {
  result: HexString;
  storageDiff: [HexString, HexString | null][];
}
interface Core {
  runTask(task: object, callback: object): Promise<{ Call: TaskResult } | { Error: string }>;
  destroyWorker(): Promise<void>;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON merge patch as the genesis builder applies it: objects merge, anything else replaces. */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isObj(base) || !isObj(patch)) return patch === undefined ? base : patch;
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = mergePatch(base[k], v);
  return out;
}

/**
 * A fixed genesis timestamp: without one, chopsticks reads the wall clock twice for block 1 (for
 * the Aura slot digest and for the timestamp inherent) and 1 s slots make those disagree.
 */
export const GENESIS_TIMESTAMP_MS = Date.UTC(2025, 0, 1);

interface PlainSpec extends Json {
  genesis: { runtimeGenesis: { code: HexString; patch?: Json } };
}

/** Storage reads during genesis building start from empty state. */
const emptyState = {
  getStorage: () => Promise.resolve(undefined),
  getNextKey: () => Promise.resolve(undefined),
  offchainGetStorage: () => Promise.resolve(undefined),
  offchainTimestamp: () => Promise.resolve(Date.now()),
  offchainRandomSeed: () => Promise.resolve(u8aToHex(new Uint8Array(32))),
  offchainSubmitTransaction: () => Promise.resolve(false),
};

export async function toRawSpec(plain: PlainSpec): Promise<Json> {
  // Loaded lazily: chopsticks-core starts a wasm worker, which only this step needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require('@acala-network/chopsticks-core') as Core;
  const code = plain.genesis.runtimeGenesis.code;
  const call = async (method: string, arg: HexString): Promise<TaskResult> => {
    const r = await core.runTask(
      { wasm: code, calls: [[method, [arg]]], mockSignatureHost: false, allowUnresolvedImports: true, runtimeLogLevel: 0 },
      emptyState,
    );
    if ('Error' in r) throw new Error(`${method}: ${r.Error}`);
    return r.Call;
  };
  try {
    const registry = new TypeRegistry();
    const preset = registry.createType('Option<Bytes>', hexToU8a((await call('GenesisBuilder_get_preset', '0x00')).result));
    if (preset.isNone) throw new Error('the runtime has no default genesis preset');
    const config = mergePatch(JSON.parse(u8aToString(preset.unwrap().toU8a(true))), plain.genesis.runtimeGenesis.patch ?? {});
    const built = await call('GenesisBuilder_build_state', u8aToHex(compactAddLength(stringToU8a(JSON.stringify(config)))));
    const outcome = registry.createType('Result<(), Text>', hexToU8a(built.result));
    if (outcome.isErr) throw new Error(`GenesisBuilder_build_state: ${outcome.asErr.toString()}`);
    const top: Record<string, string> = {};
    for (const [k, v] of built.storageDiff) if (v !== null) top[k] = v;
    top['0x3a636f6465'] = code; // ":code"
    const nowKey = xxhashAsHex('Timestamp', 128) + xxhashAsHex('Now', 128).slice(2);
    top[nowKey] = u8aToHex(registry.createType('u64', GENESIS_TIMESTAMP_MS).toU8a());
    const { genesis: _plainGenesis, ...rest } = plain;
    return { ...rest, genesis: { raw: { top, childrenDefault: {} } } };
  } finally {
    await core.destroyWorker();
  }
}

/** Converts once and caches; the cache file is written atomically so a crash leaves no half file. */
export async function ensureRawSpec(plainPath: string, rawPath: string): Promise<string> {
  if (fs.existsSync(rawPath)) return rawPath;
  const plain = JSON.parse(fs.readFileSync(plainPath, 'utf8')) as PlainSpec;
  const raw = await toRawSpec(plain);
  fs.mkdirSync(path.dirname(rawPath), { recursive: true });
  fs.writeFileSync(`${rawPath}.part`, JSON.stringify(raw));
  fs.renameSync(`${rawPath}.part`, rawPath);
  return rawPath;
}
