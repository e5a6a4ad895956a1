import fs from 'node:fs';
import path from 'node:path';
import { configSchema, type Config } from './schema';
import { err, ok, type Result } from '../result';
import { toJsonText } from '../json';
import { redactUrl } from '../store/url';

/** The SQLite file of a configuration: every process on the same data dir shares it. */
export function dbFile(config: Pick<Config, 'dataDir'>): string {
  return path.resolve(config.dataDir, 'govbridge.sqlite');
}

/** Where the store lives: the PostgreSQL database of `store.url` (DATABASE_URL), else the SQLite file. */
export function storeTarget(config: Pick<Config, 'dataDir' | 'store'>): string {
  return config.store.url ?? dbFile(config);
}

/** The package root, found from this file whether it runs from src/ (tests) or dist/ (built). */
export const packageRoot = path.resolve(__dirname, '..', '..');

type EnvKind = 'string' | 'number' | 'proxy';
/** Environment variables that override config keys. PORT is honoured for Procfile hosts. */
const ENV_KEYS: Record<string, { key: string; kind: EnvKind }> = {
  PORT: { key: 'port', kind: 'number' },
  GOVBRIDGE_PORT: { key: 'port', kind: 'number' },
  GOVBRIDGE_HOST: { key: 'host', kind: 'string' },
  GOVBRIDGE_TRUST_PROXY: { key: 'http.trustProxy', kind: 'proxy' },
  GOVBRIDGE_DATA_DIR: { key: 'dataDir', kind: 'string' },
  DATABASE_URL: { key: 'store.url', kind: 'string' },
  GOVBRIDGE_LOG_LEVEL: { key: 'logLevel', kind: 'string' },
  GOVBRIDGE_LOG_FORMAT: { key: 'logFormat', kind: 'string' },
  GOVBRIDGE_SPACE: { key: 'space', kind: 'string' },
  GOVBRIDGE_SOURCE: { key: 'source.kind', kind: 'string' },
  GOVBRIDGE_HUB_URL: { key: 'source.hubUrl', kind: 'string' },
  GOVBRIDGE_GOVERLAND_URL: { key: 'source.goverlandUrl', kind: 'string' },
  GOVBRIDGE_POLL_CRON: { key: 'source.pollCron', kind: 'string' },
  GOVBRIDGE_CHAIN: { key: 'chain.kind', kind: 'string' },
  GOVBRIDGE_CHAIN_URL: { key: 'chain.url', kind: 'string' },
  GOVBRIDGE_GENESIS_HASH: { key: 'chain.genesisHash', kind: 'string' },
  GOVBRIDGE_AUTHORITY: { key: 'chain.authority.mode', kind: 'string' },
  GOVBRIDGE_TREASURY: { key: 'chain.authority.treasury', kind: 'string' },
  GOVBRIDGE_TICK_CRON: { key: 'executor.cron', kind: 'string' },
  GOVBRIDGE_CADENCE: { key: 'executor.cadence', kind: 'string' },
  GOVBRIDGE_STRATEGY: { key: 'executor.strategy', kind: 'string' },
  GOVBRIDGE_SPEED: { key: 'executor.speed', kind: 'number' },
  GOVBRIDGE_LEASE_TTL_SECONDS: { key: 'lease.ttlSeconds', kind: 'number' },
  GOVBRIDGE_ACTIVATION_GRACE: { key: 'policy.activationGrace', kind: 'string' },
};
/** Secrets come only from the environment. */
const SECRET_KEYS: Record<string, keyof Config['secrets']> = {
  GOVBRIDGE_SIGNER_SEED: 'signerSeed',
  GOVBRIDGE_HUB_API_KEY: 'hubApiKey',
};
/** Variables that are ours but not config: read by the loader itself or by the test harness. */
const OTHER_KEYS = new Set([
  'GOVBRIDGE_CONFIG',
  'GOVBRIDGE_CHAINSPEC',
  'GOVBRIDGE_TEST_LOGS',
  'GOVBRIDGE_CACHE_DIR',
  'GOVBRIDGE_REQUIRE_CHAIN',
  'GOVBRIDGE_REQUIRE_POSTGRES',
  'GOVBRIDGE_TEST_PG_URL',
  'GOVBRIDGE_TEST_PG_SKIP',
  'GOVBRIDGE_TEST_SEED',
]);

/** GOVBRIDGE_TRUST_PROXY: "false", a hop count, or a comma-separated list of addresses/CIDRs. */
function proxyValue(value: string): unknown {
  const v = value.trim();
  if (v === 'false' || v === '') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((x) => x.trim());
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k], v) : v;
  return out;
}

function setPath(obj: Json, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (!isObj(cur[p])) cur[p] = {};
    cur = cur[p] as Json;
  }
  cur[parts[parts.length - 1]!] = value;
}

function readJson(file: string): Result<Json> {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return isObj(parsed) ? ok(parsed) : err(`${file}: expected a JSON object`);
  } catch (e) {
    return err(`${file}: ${(e as Error).message}`);
  }
}

/**
 * Builds the one validated Config from config/default.json, config/test.json under NODE_ENV=test,
 * an optional GOVBRIDGE_CONFIG file, then environment overrides. Every problem is listed at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Result<Config> {
  const errors: string[] = [];
  const files = [path.join(packageRoot, 'config', 'default.json')];
  if (env.NODE_ENV === 'test') files.push(path.join(packageRoot, 'config', 'test.json'));
  if (env.GOVBRIDGE_CONFIG) files.push(path.resolve(env.GOVBRIDGE_CONFIG));
  let raw: Json = {};
  // A relative dataDir means relative to the file that set it (config/ for the bundled files),
  // never to the directory a command happens to run in.
  let dataDirBase = packageRoot;
  for (const f of files) {
    const r = readJson(f);
    if (r.ok) raw = deepMerge(raw, r.value);
    else errors.push(...r.errors);
    if (r.ok && typeof r.value.dataDir === 'string')
      dataDirBase = path.dirname(f) === path.join(packageRoot, 'config') ? packageRoot : path.dirname(f);
  }
  const origin = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    // Ours are GOVBRIDGE_*, plus the conventional names a host sets (PORT, DATABASE_URL).
    if (value === undefined || (!name.startsWith('GOVBRIDGE_') && !(name in ENV_KEYS))) continue;
    const spec = ENV_KEYS[name];
    if (spec) {
      const v =
        spec.kind === 'proxy'
          ? proxyValue(value)
          : spec.kind === 'number' && value.trim() !== '' && !Number.isNaN(Number(value))
            ? Number(value)
            : value;
      setPath(raw, spec.key, v);
      origin.set(spec.key, name);
    } else if (!(name in SECRET_KEYS) && !OTHER_KEYS.has(name)) {
      errors.push(`${name}: unknown environment variable (known: ${[...Object.keys(ENV_KEYS), ...Object.keys(SECRET_KEYS)].join(', ')})`);
    }
  }
  if ('secrets' in raw)
    errors.push('secrets: must come from the environment (GOVBRIDGE_SIGNER_SEED, GOVBRIDGE_HUB_API_KEY), not from a file');
  raw.secrets = Object.fromEntries(
    Object.entries(SECRET_KEYS)
      .filter(([e]) => env[e])
      .map(([e, k]) => [k, env[e]]),
  );
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) errors.push(`${key ? key + '.' : ''}${k}: unknown config key`);
        continue;
      }
      const from = origin.get(key);
      // A database URL may hold a password: it is named, never echoed whole.
      const shown = from === 'DATABASE_URL' ? redactUrl(env[from] ?? '') : from ? env[from] : undefined;
      const given = from ? ` (from ${from}=${JSON.stringify(shown)})` : '';
      errors.push(`${key || '(root)'}: ${issue.message}${given}`);
    }
  }
  if (errors.length > 0 || !parsed.success) return err(...errors);
  // From the environment a relative path is the shell's (relative to the working directory).
  const base = origin.has('dataDir') ? process.cwd() : dataDirBase;
  return ok({ ...parsed.data, dataDir: path.resolve(base, parsed.data.dataDir) });
}

/** The effective configuration for display: secrets replaced, bigints as strings. */
export function redactConfig(config: Config): unknown {
  const shown = JSON.parse(toJsonText(config), (k, v: unknown) => (k === 'signerSeed' || k === 'hubApiKey' ? '[redacted]' : v)) as Config;
  return config.store.url ? { ...shown, store: { ...shown.store, url: redactUrl(config.store.url) } } : shown;
}
