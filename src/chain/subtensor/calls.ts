/** Staking calls built from the chain's metadata (docs/design.md §6), one or many in `utility.batch_all`. */
import type { ApiPromise } from '@polkadot/api';
import type { StakeAction } from '../port';
import { txFn, type Tx } from './metadata';

export function stakeCall(api: ApiPromise, a: StakeAction): Tx {
  switch (a.kind) {
    case 'addStakeLimit':
      // allow_partial = false: a tranche either fills within the limit or is refused whole.
      return txFn(api, 'subtensorModule', 'addStakeLimit')(a.hotkey, a.netuid, a.amountRao, a.limitPrice, false);
    case 'addStake':
      return txFn(api, 'subtensorModule', 'addStake')(a.hotkey, a.netuid, a.amountRao);
    case 'removeStake':
      return txFn(api, 'subtensorModule', 'removeStake')(a.hotkey, a.netuid, a.amountAlpha);
    case 'removeStakeLimit':
      return txFn(api, 'subtensorModule', 'removeStakeLimit')(a.hotkey, a.netuid, a.amountAlpha, a.limitPrice, false);
  }
}

/** One action is sent as is; several go in one `batch_all`, which reverts them all if one fails. */
export function stakingCall(api: ApiPromise, actions: StakeAction[]): Tx {
  if (actions.length === 0) throw new Error('no staking actions to send');
  const calls = actions.map((a) => stakeCall(api, a));
  return calls.length === 1 ? calls[0]! : txFn(api, 'utility', 'batchAll')(calls);
}

/** `proxy.proxy(treasury, Staking, call)`: the chain itself limits what govbridge's key may do. */
export function viaProxy(api: ApiPromise, treasury: string, call: Tx): Tx {
  return txFn(api, 'proxy', 'proxy')(treasury, 'Staking', call);
}

/**
 * Proxy mode. The Staking proxy type does not admit `utility` calls, so several actions are a
 * `batch_all` of proxied calls signed by govbridge's own key. That batch is NOT atomic: a proxied
 * call that fails still returns Ok to the batch (ProxyExecuted carries the error), so outcomes are
 * decoded per action.
 */
export function proxiedStakingCall(api: ApiPromise, treasury: string, actions: StakeAction[]): Tx {
  if (actions.length === 0) throw new Error('no staking actions to send');
  const calls = actions.map((a) => viaProxy(api, treasury, stakeCall(api, a)));
  return calls.length === 1 ? calls[0]! : txFn(api, 'utility', 'batchAll')(calls);
}
