import type { ChainPort } from '../chain/port';
import type { Config } from '../config/schema';
import type { Logger } from '../log';
import type { Ledger } from '../store/ledger';
import type { ExecutorPlans } from './plans';

/**
 * What the executor is built from. It has a file of its own so that the tick's parts (activation,
 * collection) can name it without importing the executor that imports them.
 */
export type ExecutorSettings = Pick<Config['executor'], 'strategy' | 'maxSlippage' | 'maxPriceRetries' | 'priceAware' | 'caps'>;

export interface ExecutorDeps {
  chain: ChainPort;
  ledger: Ledger;
  plans: ExecutorPlans;
  log: Logger;
  settings: ExecutorSettings;
  /** The coldkey whose funds the plan spends. */
  treasury: string;
  /** The validator hotkey to stake to on a netuid; null when none is configured. */
  hotkeyFor: (netuid: number) => string | null;
}
