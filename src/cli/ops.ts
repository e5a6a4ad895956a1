import crypto from 'node:crypto';
import { Option } from 'commander';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { canonicalMessage, type OpsAction, type SignedRequest } from '../ops/signed-request';
import fs from 'node:fs';
import { dbFile } from '../config/load';
import { StoreError } from '../store/db';
import { CliExit, EXIT, requireConfig, type CliIo, type Register } from './context';
import { resolvePlanId } from './plan-id';
import { withApp } from '../app/open';

interface OpsOptions {
  plan: string;
  keyUri: string;
  type: 'sr25519' | 'ed25519';
  url?: string;
  print?: boolean;
}

/** Builds a signed request exactly as the server verifies it (polkadot-js signRaw style). */
export async function signRequest(
  action: OpsAction,
  planId: string,
  keyUri: string,
  type: OpsOptions['type'],
  now: Date,
): Promise<SignedRequest> {
  await cryptoWaitReady();
  const pair = new Keyring({ type }).addFromUri(keyUri);
  const body = { action, planId, issuedAt: now.toISOString(), nonce: crypto.randomBytes(16).toString('hex') };
  const signature = u8aToHex(pair.sign(u8aWrapBytes(stringToU8a(canonicalMessage(body)))));
  return { ...body, publicKey: u8aToHex(pair.publicKey), signature };
}

/** Plan ids the service knows, from its API: what the signed request must name exactly. */
async function serviceIds(url: string): Promise<string[]> {
  let res: Response;
  try {
    res = await fetch(`${url}/api/plans`, { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new CliExit(EXIT.invalid, `cannot reach ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new CliExit(EXIT.invalid, `${url}/api/plans answered HTTP ${res.status}`);
  return ((await res.json()) as { plans: { id: string }[] }).plans.map((p) => p.id);
}

/**
 * Plan ids in the local store when there is one (never creating it); null without a store: no
 * SQLite file, or a PostgreSQL store that cannot be reached (signing may happen offline) or has
 * no govbridge tables yet (PostgreSQL's undefined_table, 42P01).
 */
async function localIds(io: CliIo): Promise<string[] | null> {
  const r = requireConfig(io);
  if (!r.store.url && !fs.existsSync(dbFile(r))) return null;
  try {
    return await withApp(r, { mode: 'read' }, async ({ plans }) => (await plans.list()).map((p) => p.id));
  } catch (e) {
    if (r.store.url && (e instanceof StoreError || (e as { code?: unknown } | null)?.code === '42P01')) return null;
    throw e;
  }
}

const baseUrl = (opts: OpsOptions, io: CliIo): string => (opts.url ?? `http://127.0.0.1:${requireConfig(io).port}`).replace(/\/$/, '');

/**
 * The full plan id to sign. Sending: checked against the service's plans (a unique prefix is
 * accepted). Printing: checked against the local store, or the service given by --url; when
 * neither can be read the id is signed as given, with a warning.
 */
async function planToSign(opts: OpsOptions, io: CliIo): Promise<string> {
  if (!opts.print) return resolvePlanId(await serviceIds(baseUrl(opts, io)), opts.plan);
  const local = await localIds(io);
  if (local) return resolvePlanId(local, opts.plan);
  if (opts.url) return resolvePlanId(await serviceIds(baseUrl(opts, io)), opts.plan);
  io.stderr(`govbridge: warning: plan ${opts.plan} not checked (no local store and no --url): the service refuses an unknown id\n`);
  return opts.plan;
}

async function sendOps(action: OpsAction, opts: OpsOptions, io: CliIo): Promise<void> {
  const planId = await planToSign(opts, io);
  let req: SignedRequest;
  try {
    req = await signRequest(action, planId, opts.keyUri, opts.type, new Date());
  } catch (e) {
    throw new CliExit(EXIT.usage, `cannot derive a key from --key-uri: ${(e as Error).message}`);
  }
  if (opts.print) {
    io.stdout(JSON.stringify(req) + '\n');
    return;
  }
  const url = baseUrl(opts, io);
  let res: Response;
  try {
    res = await fetch(`${url}/api/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(req),
    });
  } catch (e) {
    throw new CliExit(EXIT.invalid, `cannot reach ${url}: ${(e as Error).message}`);
  }
  const text = await res.text();
  io.stdout(text.endsWith('\n') ? text : text + '\n');
  if (!res.ok) throw new CliExit(EXIT.invalid, `${action} refused with HTTP ${res.status}`);
}

export const registerOps: Register = (program, io) => {
  const descriptions: Record<OpsAction, string> = {
    halt: 'sign an ops halt for a plan and send it to the service (applies before the next tranche)',
    resume: 'sign one ops resume signature for a halted plan and send it (ops.resumeThreshold distinct keys are needed)',
    adopt: 'sign one ops adopt signature for a stale plan and send it (ops.resumeThreshold distinct keys make it accepted)',
  };
  for (const action of ['halt', 'resume', 'adopt'] as const) {
    program
      .command(action)
      .description(descriptions[action])
      .requiredOption('--plan <id>', 'the plan id (the Snapshot id of its proposal), or a unique prefix of it')
      .requiredOption('--key-uri <uri>', 'secret URI of your ops key, e.g. a mnemonic or //Dev; never stored or logged')
      .addOption(new Option('--type <type>', 'key scheme').choices(['sr25519', 'ed25519']).default('sr25519'))
      .option('--url <url>', 'service base URL (default http://127.0.0.1:<configured port>)')
      .option('--print', 'print the signed request as JSON instead of sending it')
      .action((opts: OpsOptions) => sendOps(action, opts, io));
  }
};
