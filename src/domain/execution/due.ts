import type { Tranche } from '../schedule';
import { OUTCOME } from './outcome';
import { COMMITTED, type LedgerProgress } from './ledger-status';

export type DueDecision =
  | { kind: 'idle'; why: string }
  | { kind: 'wait'; why: string }
  | { kind: 'buy'; index: number; tranchesLeft: number; remaining: bigint; attempt: number };

/** Due time of tranche k ≥ n, past the window: the cadence continues (see dueDecision). */
export type ExtendDue = (index: number) => Date;

/**
 * What one subnet of a plan needs now, from the schedule and the ledger alone (never from
 * memory, so a restart decides the same). Only the latest due tranche is ever bought: tranches
 * missed during a halt or downtime are not caught up in a lump, their amount stays in
 * `remaining` and is re-spread. A tranche refused (for price, or any other chain refusal) is
 * retried on the next ticks up to `maxRetries` times, then left to the re-spread; a tx that was
 * never included (crash, expired era) does not count as a refusal. When money
 * is still left after the window (the size bound held tranches back, or the last one was
 * refused), the cadence continues past the window with `extend` until the allocation is bought.
 */
export function dueDecision(
  allocationRao: bigint,
  schedule: Tranche[],
  rows: LedgerProgress[],
  now: Date,
  maxRetries: number,
  extend?: ExtendDue,
): DueDecision {
  if (rows.some((r) => r.status === 'submitting' || r.status === 'in-block')) {
    return { kind: 'wait', why: 'a transaction for this subnet is not settled yet' };
  }
  const committed = rows.filter((r) => COMMITTED.includes(r.status)).reduce((s, r) => s + r.amount, 0n);
  const remaining = allocationRao - committed;
  if (remaining <= 0n) return { kind: 'idle', why: 'allocation fully bought' };
  let k = -1;
  for (const t of schedule) if (t.dueAt.getTime() <= now.getTime()) k = t.index;
  if (k < 0) return { kind: 'idle', why: 'no tranche due yet' };
  if (extend && k === schedule.length - 1) {
    for (let j = schedule.length; extend(j).getTime() <= now.getTime(); j++) k = j;
  }
  const atK = rows.filter((r) => r.trancheIndex === k);
  if (atK.some((r) => COMMITTED.includes(r.status))) return { kind: 'idle', why: `tranche ${k} already bought` };
  // A tx that never reached a block (a crash before sending, then its era expired) was not
  // refused by anyone: it is retried freely and does not use up the tranche's retries.
  const attempts = atK.filter((r) => (r.status === 'failed' || r.status === 'skipped') && r.outcomeCode !== OUTCOME.notIncluded).length;
  if (attempts > maxRetries) return { kind: 'idle', why: `tranche ${k} refused ${attempts} times; its amount is re-spread` };
  return { kind: 'buy', index: k, tranchesLeft: Math.max(1, schedule.length - k), remaining, attempt: attempts + 1 };
}
