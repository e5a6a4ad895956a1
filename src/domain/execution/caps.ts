import { MIN_TRANCHE_RAO } from '../plan';

/**
 * The spending caps of one tick, which do not trust the plan: whatever a plan asks for, a tick
 * never sends more than `perTick`, and the last 24 hours never more than `perDay`.
 */
export class TickBudget {
  private tickLeft: bigint;
  private dayLeft: bigint;

  constructor(perTick: bigint, perDay: bigint, spentLastDay: bigint) {
    this.tickLeft = perTick;
    this.dayLeft = perDay > spentLastDay ? perDay - spentLastDay : 0n;
  }

  /** Grants up to `amount`; 0 when what is left is under the chain minimum. */
  take(amount: bigint): bigint {
    let granted = amount;
    if (granted > this.tickLeft) granted = this.tickLeft;
    if (granted > this.dayLeft) granted = this.dayLeft;
    if (granted < MIN_TRANCHE_RAO) return 0n;
    this.tickLeft -= granted;
    this.dayLeft -= granted;
    return granted;
  }

  /** Gives back a grant that was not sent after all. */
  refund(amount: bigint): void {
    this.tickLeft += amount;
    this.dayLeft += amount;
  }
}
