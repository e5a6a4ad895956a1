import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../log';
import { realTiming, type Timing } from '../rate-limit';
import { checkBytes, parseCid, type BytesCheck } from './cid';

/** What fetching a signed original gave: checked bytes, content that is not the CID's, or nothing. */
export type Fetched =
  | { kind: 'ok'; bytes: Uint8Array; check: BytesCheck; from: string }
  | { kind: 'tampered'; reason: string }
  | { kind: 'unreachable'; reason: string };

/** Where signed originals come from: IPFS gateways, or the files bundled with the fixtures. */
export interface OriginalStore {
  fetch(cid: string): Promise<Fetched>;
}

export interface GatewayOptions {
  gateways: string[];
  timeoutMs: number;
  /** Rounds over all gateways after the first, with doubling backoff between rounds. */
  maxRetries: number;
  baseDelayMs?: number;
  /** No request starts after this much time (default three timeouts): the poll must go on. */
  budgetMs?: number;
  /** Snapshot refuses messages over 100 kB; anything far larger is not an envelope. */
  maxBytes?: number;
  timing?: Timing;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * Fetches `<gateway>/ipfs/<cid>` from each configured gateway in turn, each request with its own
 * timeout and a size cap, and accepts the first answer whose bytes hash to the CID. A gateway
 * that serves other bytes is skipped like one that is down; only when every gateway answered
 * with wrong bytes is the content called tampered (one lying gateway cannot quarantine a
 * proposal while another is merely down). Rounds repeat with backoff within a time budget; what
 * stays unreachable is retried by the next poll.
 */
export class IpfsGateways implements OriginalStore {
  private readonly timing: Timing;

  constructor(
    private readonly opts: GatewayOptions,
    private readonly log: Logger,
  ) {
    this.timing = opts.timing ?? realTiming;
  }

  async fetch(cidText: string): Promise<Fetched> {
    const cid = parseCid(cidText);
    if (!cid.ok) return { kind: 'unreachable', reason: cid.errors[0]! };
    if (this.opts.gateways.length === 0) return { kind: 'unreachable', reason: 'no IPFS gateway is configured (source.ipfsGateways)' };
    const failures: string[] = [];
    const deadline = this.timing.now() + (this.opts.budgetMs ?? 3 * this.opts.timeoutMs);
    for (let round = 0; round <= this.opts.maxRetries; round++) {
      const delay = round === 0 ? 0 : (this.opts.baseDelayMs ?? 500) * 2 ** (round - 1);
      if (this.timing.now() + delay >= deadline) break;
      if (delay > 0) await this.timing.sleep(delay);
      const liars = new Set<string>();
      for (const gateway of this.opts.gateways) {
        if (this.timing.now() >= deadline) break;
        const got = await this.get(`${gateway.replace(/\/+$/, '')}/ipfs/${cid.value.toString()}`);
        if (typeof got === 'string') {
          failures.push(`${gateway}: ${got}`);
          continue;
        }
        const check = await checkBytes(cid.value, got);
        if (check.ok) return { kind: 'ok', bytes: got, check: check.value, from: gateway };
        liars.add(gateway);
        failures.push(`${gateway}: ${check.errors[0]!}`);
        this.log.warn('gateway served bytes that do not match the CID', { gateway, cid: cidText });
      }
      // Every gateway answered with wrong bytes: asking them again would not change that.
      if (liars.size === this.opts.gateways.length) {
        return { kind: 'tampered', reason: `every gateway served bytes for ${cidText} that do not hash to it` };
      }
    }
    // Some gateway could not be asked or did not answer: the content may yet come, so try again later.
    return { kind: 'unreachable', reason: `no gateway served ${cidText} (${failures.slice(-3).join('; ')})` };
  }

  /** One GET with timeout and size cap: the bytes, or why not in a few words. */
  private async get(url: string): Promise<Uint8Array | string> {
    const max = this.opts.maxBytes ?? DEFAULT_MAX_BYTES;
    let why: string;
    try {
      const headers = { accept: 'application/json, application/octet-stream' };
      const res = await fetch(url, { signal: AbortSignal.timeout(this.opts.timeoutMs), headers, redirect: 'follow' });
      if (res.status !== 200) {
        await res.body?.cancel();
        why = `HTTP ${res.status}`;
      } else if (Number(res.headers.get('content-length') ?? 0) > max) {
        await res.body?.cancel();
        why = `larger than ${max} bytes`;
      } else {
        const bytes = await readCapped(res, max);
        if (bytes) return bytes;
        why = `larger than ${max} bytes`;
      }
    } catch (e) {
      why = (e as Error).name === 'TimeoutError' ? `timed out after ${this.opts.timeoutMs} ms` : (e as Error).message;
    }
    return why;
  }
}

/** Reads a body up to `max` bytes; null (and the stream cancelled) as soon as it is longer. */
async function readCapped(res: Response, max: number): Promise<Uint8Array | null> {
  if (!res.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The signed originals bundled with the offline fixtures, one `<cid>.json` per envelope. Bytes
 * are checked against the CID exactly as a gateway's would be.
 */
export class BundledOriginals implements OriginalStore {
  constructor(private readonly dir: string) {}

  async fetch(cidText: string): Promise<Fetched> {
    const cid = parseCid(cidText);
    if (!cid.ok) return { kind: 'unreachable', reason: cid.errors[0]! };
    const file = path.join(this.dir, `${cid.value.toString()}.json`);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(fs.readFileSync(file));
    } catch {
      return { kind: 'unreachable', reason: `no bundled original ${path.basename(file)}` };
    }
    const check = await checkBytes(cid.value, bytes);
    return check.ok ? { kind: 'ok', bytes, check: check.value, from: 'bundled fixtures' } : { kind: 'tampered', reason: check.errors[0]! };
  }
}
