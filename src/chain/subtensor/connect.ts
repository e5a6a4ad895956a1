/** Opens the @polkadot/api connection with a deadline; the provider reconnects on its own after. */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { Logger } from '../../log';
import type { ChainError } from '../port';
import { chainError } from '../errors';

/** Milliseconds between reconnection attempts once connected. */
const RECONNECT_MS = 2_500;

export async function connectApi(
  url: string,
  timeoutMs: number,
  log: Logger,
): Promise<{ ok: true; api: ApiPromise } | { ok: false; error: ChainError }> {
  const provider = new WsProvider(url, RECONNECT_MS, {}, timeoutMs);
  provider.on('error', (e: unknown) => log.debug('provider error', { url, error: String((e as Error)?.message ?? e) }));
  provider.on('disconnected', () => log.warn('chain disconnected; reconnecting', { url }));
  provider.on('connected', () => log.info('chain connected', { url }));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ready connection to ${url} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const api = await Promise.race([ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true }), deadline]);
    return { ok: true, api };
  } catch (e) {
    await provider.disconnect().catch(() => undefined);
    return { ok: false, error: chainError('connection', 'ConnectFailed', `cannot reach the chain at ${url}: ${(e as Error).message}`) };
  } finally {
    clearTimeout(timer);
  }
}
