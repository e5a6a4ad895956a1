/**
 * Whether the chain tests can run, decided once per jest process. When they cannot, ONE loud line
 * says why; under GOVBRIDGE_REQUIRE_CHAIN=1 (`npm run test:chain`) the suite fails instead of
 * skipping, so CI notices a machine without the runtime.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultCacheDir, locateChainspecSync, type Located } from '../../../scripts/chain/spec';

export const cacheDir = defaultCacheDir(process.env.GOVBRIDGE_CACHE_DIR);
export const chainRequired = process.env.GOVBRIDGE_REQUIRE_CHAIN === '1';

let located: Located | undefined;

export function chainspec(): Located {
  located ??= locateChainspecSync({
    explicitPath: process.env.GOVBRIDGE_CHAINSPEC || undefined,
    cacheDir,
    download: true,
    downloadTimeoutMs: 4000,
  });
  if (!located.ok) announceOnce(located.why);
  return located;
}

/** Jest runs files in workers of one parent: a marker file keyed by that parent says it once. */
function announceOnce(why: string): void {
  const runner = typeof process.send === 'function' ? process.ppid : process.pid;
  const marker = path.join(os.tmpdir(), `govbridge-chain-skip-${runner}`);
  try {
    fs.writeFileSync(marker, why, { flag: 'wx' });
  } catch {
    return;
  }
  process.stderr.write(`\n*** CHAIN TESTS DID NOT RUN: ${why} ***\n\n`);
}

/**
 * `describe` for tests that need the runtime: skipped with the loud line when it is missing, or
 * one failing test when the chain is required.
 */
export function describeChain(title: string, body: (plainSpec: string) => void): void {
  const found = chainspec();
  if (found.ok) {
    describe(title, () => body(found.path));
  } else if (chainRequired) {
    describe(title, () => {
      it('needs the subtensor dev runtime', () => {
        throw new Error(`CHAIN TESTS DID NOT RUN: ${found.why}`);
      });
    });
  } else {
    describe.skip(title, () => body(''));
  }
}
