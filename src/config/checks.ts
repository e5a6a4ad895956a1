/**
 * Config values that a library reads later (proxy addresses, ops keys, webhook event names),
 * checked when the configuration is loaded so a mistake ends `govbridge config` and `serve` with
 * exit 2 naming it, instead of a service that starts and then never matches a key or an event.
 */
import net from 'node:net';
import { z } from 'zod';
import { decodeAddress } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { createTestPairs } from '@polkadot/keyring';
import { NOTIFY_EVENTS } from '../notify/events';

/** Express's named ranges for `trust proxy`. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(s: string): boolean {
  if (PROXY_NAMES.has(s)) return true;
  const [ip, bits, ...rest] = s.split('/');
  const family = net.isIP(ip ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * `http.trustProxy`: false (the default: the socket address is the client), a number of proxy
 * hops, or the proxies' addresses and CIDRs. `true` (trust any sender of X-Forwarded-For) is not
 * offered: it would let every client choose its own rate-limit key.
 */
export const trustProxy = z.union(
  [
    z.literal(false),
    z.number().int().min(1).max(10),
    z.array(z.string().refine(isProxyAddress, 'an IP address, a CIDR such as 10.0.0.0/8, or loopback/linklocal/uniquelocal')).min(1),
  ],
  { error: 'false, a hop count from 1 to 10, or a list of proxy addresses/CIDRs' },
);

/** The host to listen on: an IP address or a host name. */
export const listenHost = z
  .string()
  .refine(
    (s) =>
      net.isIP(s) !== 0 ||
      /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(s),
    'an IP address (0.0.0.0 for every interface, 127.0.0.1 for this machine only) or a host name',
  );

/** The 32 bytes of an ops public key (0x + 64 hex digits, or an SS58 address), or null. */
export function publicKeyBytes(text: string): string | null {
  if (text.startsWith('0x')) return /^0x[0-9a-fA-F]{64}$/.test(text) ? text.toLowerCase() : null;
  try {
    const bytes = decodeAddress(text);
    return bytes.length === 32 ? u8aToHex(bytes) : null;
  } catch {
    return null;
  }
}

/** A webhook subscription: `*`, a known event name, or a known family such as `tranche.*`. */
export const webhookEvent = z
  .string()
  .refine(
    (e) =>
      e === '*' ||
      (NOTIFY_EVENTS as readonly string[]).includes(e) ||
      (e.endsWith('.*') && NOTIFY_EVENTS.some((n) => n.startsWith(e.slice(0, -1)))),
    `"*", a family such as "tranche.*", or one of: ${NOTIFY_EVENTS.join(', ')}`,
  );

interface OpsShape {
  keys: { name: string; publicKey: string; type: string }[];
  resumeThreshold: number;
}

/**
 * The ops keys as a set: each a real 32-byte key, none listed twice (under another name or
 * scheme either: one key is one signer), names unique, and a resume threshold the keys can meet.
 */
export function checkOpsKeys(ops: OpsShape, ctx: z.RefinementCtx): void {
  const byBytes = new Map<string, number>();
  const byName = new Map<string, number>();
  ops.keys.forEach((k, i) => {
    const bytes = publicKeyBytes(k.publicKey);
    if (bytes === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['keys', i, 'publicKey'],
        message: `"${k.publicKey.slice(0, 80)}" is not a public key: use 0x and 64 hex digits (32 bytes) or an SS58 address`,
      });
    } else if (byBytes.has(bytes)) {
      const j = byBytes.get(bytes)!;
      ctx.addIssue({
        code: 'custom',
        path: ['keys', i, 'publicKey'],
        message: `the same key as ops.keys.${j} ("${ops.keys[j]!.name}"); list each key once, under one name and one type`,
      });
    } else byBytes.set(bytes, i);
    if (byName.has(k.name))
      ctx.addIssue({
        code: 'custom',
        path: ['keys', i, 'name'],
        message: `the name "${k.name}" is also used by ops.keys.${byName.get(k.name)}; names must be unique`,
      });
    else byName.set(k.name, i);
  });
  if (ops.keys.length > 0 && ops.resumeThreshold > ops.keys.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['resumeThreshold'],
      message: `${ops.resumeThreshold} signatures are required to resume but only ${ops.keys.length} ops ${ops.keys.length === 1 ? 'key is' : 'keys are'} configured`,
    });
  }
}

/**
 * The public keys of the well-known development accounts (//Alice … //Ferdie and their stashes),
 * whose secret keys are published: anyone can sign with them. Read from the keyring's own table.
 */
const DEV_KEYS: ReadonlyMap<string, string> = new Map(
  Object.entries(createTestPairs({ type: 'sr25519' }, true)).map(([name, pair]) => [u8aToHex(pair.publicKey), name]),
);

/**
 * The demo configuration trusts //Alice and //Bob as ops keys, which is right for a simulated
 * chain and dangerous on a live one: there, a key whose secret is public would let anyone halt,
 * resume or adopt a plan. Such a key is refused whenever the chain is real.
 */
export function checkNoDevKeysOnLiveChain(chain: string, keys: OpsShape['keys'], ctx: z.RefinementCtx): void {
  if (chain === 'dry-run') return;
  keys.forEach((k, i) => {
    const bytes = publicKeyBytes(k.publicKey);
    const dev = bytes === null ? undefined : DEV_KEYS.get(bytes);
    if (dev !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['ops', 'keys', i, 'publicKey'],
        message: `is the public development key //${dev[0]!.toUpperCase()}${dev.slice(1).replace('_stash', '//stash')}, whose secret anyone knows; it is refused on a live chain (chain.kind "${chain}")`,
      });
    }
  });
}
