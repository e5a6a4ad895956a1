/**
 * One staking call the executor decides on and a chain adapter sends. It is a domain value, not a
 * chain type: the decisions (phase 1, tranche sizing) produce it without knowing which chain runs
 * it, and every adapter takes it as it is. Amounts are bigint: RAO for a stake, alpha base units
 * for an unstake; a limit price is RAO per 1 alpha.
 */
export type StakeAction =
  | { kind: 'addStakeLimit'; hotkey: string; netuid: number; amountRao: bigint; limitPrice: bigint }
  | { kind: 'addStake'; hotkey: string; netuid: number; amountRao: bigint }
  | { kind: 'removeStake'; hotkey: string; netuid: number; amountAlpha: bigint }
  | { kind: 'removeStakeLimit'; hotkey: string; netuid: number; amountAlpha: bigint; limitPrice: bigint };
