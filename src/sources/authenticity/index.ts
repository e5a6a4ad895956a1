import path from 'node:path';
import type { Config } from '../../config/schema';
import { packageRoot } from '../../config/load';
import type { Logger } from '../../log';
import type { Timing } from '../rate-limit';
import { BundledOriginals, IpfsGateways, type OriginalStore } from './gateway';
import { AuthenticityVerifier } from './verify';

export { AuthenticityVerifier, type Check } from './verify';

/** The signed originals of the bundled fixture records, named by CID. */
export const BUNDLED_ORIGINALS_DIR = path.join(packageRoot, 'config', 'fixtures', 'ipfs');

/**
 * The verifier for the configured source: the offline fixtures read their bundled originals;
 * every other source fetches from `source.ipfsGateways`. `tuning` shortens backoff in tests.
 */
export function createVerifier(config: Config, log: Logger, tuning: { timing?: Timing; baseDelayMs?: number } = {}): AuthenticityVerifier {
  const s = config.source;
  const store: OriginalStore =
    s.kind === 'fixtures'
      ? new BundledOriginals(BUNDLED_ORIGINALS_DIR)
      : new IpfsGateways(
          { gateways: s.ipfsGateways, timeoutMs: s.ipfsTimeoutMs, maxRetries: s.maxRetries, ...tuning },
          log.child({ module: 'sources.ipfs' }),
        );
  return new AuthenticityVerifier(store, log);
}
