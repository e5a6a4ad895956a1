/**
 * Finds the plain subtensor dev chainspec (DESIGN 8) and names where its raw form is cached.
 * Order: an explicit path (GOVBRIDGE_CHAINSPEC), the cache file, a download from the public
 * repository at the pinned commit. The runtime is another project's binary: it lives only in
 * the cache, never in this repository.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PINNED_COMMIT = 'f59e608b2128586215ea396156a1d04b14724888';
export const SPEC_URL = `https://raw.githubusercontent.com/opentensor/subtensor/${PINNED_COMMIT}/aura-dev.json`;
export const PLAIN_FILE = 'aura-dev.json';

export interface SpecSources {
  /** GOVBRIDGE_CHAINSPEC, when set: used as is, and an error when it does not exist. */
  explicitPath?: string;
  cacheDir: string;
  /** Whether to try the public repository when nothing is cached. */
  download: boolean;
  downloadTimeoutMs: number;
}

export type Located = { ok: true; path: string; from: 'env' | 'cache' | 'download' } | { ok: false; why: string };

/** `~/.cache/govbridge`, or GOVBRIDGE_CACHE_DIR when the caller passes it. */
export function defaultCacheDir(override?: string): string {
  return override && override.trim() !== '' ? path.resolve(override) : path.join(os.homedir(), '.cache', 'govbridge');
}

/** The plain spec must be the runtime-genesis form published in the repository. */
function looksPlain(file: string): string | null {
  try {
    const head = fs.readFileSync(file, 'utf8');
    const json = JSON.parse(head) as { genesis?: { runtimeGenesis?: { code?: unknown } } };
    return typeof json.genesis?.runtimeGenesis?.code === 'string' ? null : `${file} has no genesis.runtimeGenesis.code`;
  } catch (e) {
    return `${file}: ${(e as Error).message}`;
  }
}

/**
 * Synchronous so that a jest file can decide at collection time whether to skip. The download
 * runs in a child process with a hard timeout, so an offline machine fails within seconds.
 */
export function locateChainspecSync(src: SpecSources): Located {
  if (src.explicitPath) {
    if (!fs.existsSync(src.explicitPath)) return { ok: false, why: `GOVBRIDGE_CHAINSPEC=${src.explicitPath} does not exist` };
    const bad = looksPlain(src.explicitPath);
    return bad ? { ok: false, why: bad } : { ok: true, path: path.resolve(src.explicitPath), from: 'env' };
  }
  const cached = path.join(src.cacheDir, PLAIN_FILE);
  if (fs.existsSync(cached)) {
    const bad = looksPlain(cached);
    return bad ? { ok: false, why: `cached spec is unusable: ${bad}` } : { ok: true, path: cached, from: 'cache' };
  }
  if (!src.download) return { ok: false, why: `no chainspec: set GOVBRIDGE_CHAINSPEC or put ${PLAIN_FILE} in ${src.cacheDir}` };
  const got = downloadSync(cached, src.downloadTimeoutMs);
  return got
    ? { ok: false, why: `no chainspec in ${src.cacheDir} and the download of ${SPEC_URL} failed: ${got}` }
    : { ok: true, path: cached, from: 'download' };
}

/** Returns null on success, else why it failed. */
function downloadSync(dest: string, timeoutMs: number): string | null {
  const script = `
    const fs = require('node:fs');
    fetch(process.argv[1], { signal: AbortSignal.timeout(${timeoutMs}) })
      .then(async (r) => { if (!r.ok) throw new Error('HTTP ' + r.status); fs.mkdirSync(require('node:path').dirname(process.argv[2]), { recursive: true });
        fs.writeFileSync(process.argv[2] + '.part', Buffer.from(await r.arrayBuffer())); fs.renameSync(process.argv[2] + '.part', process.argv[2]); })
      .catch((e) => { process.stderr.write(String(e && e.cause ? e.cause.code || e.cause.message || e.message : e && e.message)); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script, SPEC_URL, dest], { timeout: timeoutMs + 2000, encoding: 'utf8' });
  if (r.status === 0) return looksPlain(dest);
  return (r.stderr || r.error?.message || `exit ${String(r.status ?? r.signal)}`).trim().slice(0, 200);
}

/** The raw spec derived from a plain one, keyed by the plain file's hash, next to the plain cache. */
export function rawSpecPath(plainPath: string, cacheDir: string): string {
  const hash = crypto.createHash('sha256').update(fs.readFileSync(plainPath)).digest('hex').slice(0, 16);
  return path.join(cacheDir, `aura-dev.raw.${hash}.json`);
}
