import type { Config } from '../config/schema';
import type { Logger } from '../log';
import type { ChainPort } from '../chain/port';
import { BLOCK_MS, createDryRunChain } from '../chain/sim';

export class ChainConfigError extends Error {
  override name = 'ChainConfigError';
}

/**
 * The configured chain. dry-run is the default and moves no money; a live chain needs explicit
 * config and the signing seed in the environment, and refuses to start without them.
 */
export async function createChain(config: Config, log: Logger, clock: () => Date): Promise<ChainPort> {
  if (config.chain.kind === 'dry-run') {
    const d = config.chain.dryRun;
    // A signed tx stays valid for 64 blocks (12.8 min); a sped-up demo passes that in a few
    // milliseconds, so a busy machine would see its own txs expire between signing and sending.
    // The era is kept at least two wall seconds long.
    const eraLength = Math.max(64, Math.ceil((2000 * config.executor.speed) / BLOCK_MS));
    const chain = createDryRunChain({ seed: d.seed, clock, treasuryRootStake: d.treasuryRootStake, eraLength });
    chain.fund(chain.treasury, d.treasuryFree);
    chain.fund(chain.signer, d.treasuryFree);
    log.child({ module: 'chain' }).info('dry-run chain: simulated subtensor, no money moves', { treasury: chain.treasury });
    return chain;
  }
  const seed = config.secrets.signerSeed;
  if (!seed) throw new ChainConfigError('chain.kind is subtensor but GOVBRIDGE_SIGNER_SEED is not set');
  if (!config.chain.genesisHash)
    throw new ChainConfigError('chain.kind is subtensor but chain.genesisHash is not set (GOVBRIDGE_GENESIS_HASH)');
  if (config.chain.authority.mode !== 'direct' && !config.chain.authority.treasury)
    throw new ChainConfigError('chain.authority.treasury is required in proxy and multisig modes (GOVBRIDGE_TREASURY)');
  // Loaded lazily so the dry-run default never pays for connecting a live chain.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createSubtensorChain } = require('../chain/subtensor') as typeof import('../chain/subtensor');
  return createSubtensorChain(config.chain, seed, log);
}
