import type { Logger } from '../log';
import type { Tranche } from '../domain/schedule';
import type { LedgerEntry } from '../store/ledger';
import type { ExecutorDeps } from './deps';
import type { RunnablePlan } from './plans';
import { NOTE, type TickReport } from './report';
import type { TickBudget } from '../domain/execution/caps';
import { dueDecision } from '../domain/execution/due';
import { priceAwareAmount, trancheBound, uniformAmount } from '../domain/execution/strategy';
import { addDuration } from '../domain/duration';
import { limitPrice } from '../domain/execution/ratio';
import { problem } from '../domain/problem';
import { chainOutcome } from '../domain/execution/outcome';

/**
 * The tranches of one active plan due at `now`, sized by the strategy, capped, and priced with
 * a limit. A tranche whose own price impact would break its limit (the chain's quote) is
 * recorded as skipped here rather than sent, so one subnet's price does not sink the whole
 * batch_all; it is retried on the next ticks like a refusal from the chain.
 */
export async function collectTranches(
  d: ExecutorDeps,
  log: Logger,
  p: RunnablePlan,
  schedule: Tranche[],
  now: Date,
  budget: TickBudget,
  report: TickReport,
): Promise<LedgerEntry[]> {
  const { settings } = d;
  const rows = (await d.ledger.progress(p.id)).filter((r) => r.kind === 'tranche');
  const out: LedgerEntry[] = [];
  for (const a of p.plan.allocations.filter((x) => x.mode === 'dca')) {
    const own = schedule.filter((t) => t.netuid === a.netuid);
    const lastDue = own[own.length - 1]?.dueAt;
    const extend = (k: number): Date => addDuration(lastDue!, p.cadence, k - own.length + 1);
    const due = dueDecision(
      a.rao,
      own,
      rows.filter((r) => r.netuid === a.netuid),
      now,
      settings.maxPriceRetries,
      lastDue ? extend : undefined,
    );
    if (due.kind !== 'buy') continue;
    const hotkey = d.hotkeyFor(a.netuid);
    if (!hotkey) {
      report.notes.push({ planId: p.id, code: NOTE.hotkey, note: `no hotkey for netuid ${a.netuid}` });
      continue;
    }
    const price = await d.chain.alphaPrice(a.netuid);
    const base = uniformAmount(own, due.index, due.remaining);
    let amount =
      settings.strategy === 'price-aware'
        ? priceAwareAmount(
            base,
            due.remaining,
            due.tranchesLeft,
            price,
            await d.ledger.recentPrices(a.netuid, settings.priceAware.window),
            settings.priceAware,
          )
        : base;
    // Never above the size bound, nor above what the ledger says is left of the allocation.
    const bound = trancheBound(own, settings.priceAware.maxFactor);
    if (amount > bound) amount = bound;
    if (amount > due.remaining) amount = due.remaining;
    const granted = budget.take(amount);
    if (granted === 0n) {
      report.notes.push({ planId: p.id, code: NOTE.cap, note: `cap reached: tranche ${due.index} on netuid ${a.netuid} waits` });
      log.warn('cap reached; tranche waits', { planId: p.id, netuid: a.netuid, index: due.index, amount });
      continue;
    }
    if (granted < amount)
      log.warn('tranche reduced to the cap', { planId: p.id, netuid: a.netuid, index: due.index, asked: amount, granted });
    const limit = limitPrice(price, settings.maxSlippage);
    const entry: LedgerEntry = {
      planId: p.id,
      kind: 'tranche',
      netuid: a.netuid,
      trancheIndex: due.index,
      action: 'addStakeLimit',
      hotkey,
      amount: granted,
      price,
      limitPrice: limit,
    };
    const preview = await d.chain.previewStake(a.netuid, granted);
    if (preview.priceAfter > limit) {
      budget.refund(granted);
      // The chain's quote says it would refuse the buy for price, so the row is coded as that refusal.
      const reason = `SlippageTooHigh: the price after the buy (${preview.priceAfter}) would exceed the limit ${limit} (chain quote)`;
      await d.ledger.recordRefused(entry, 'skipped', problem(chainOutcome('SlippageTooHigh'), reason, { source: 'quote' }), now);
      report.refused++;
      log.warn('tranche skipped for price; will retry, then re-spread', {
        planId: p.id,
        netuid: a.netuid,
        index: due.index,
        attempt: due.attempt,
        reason,
      });
      continue;
    }
    out.push(entry);
  }
  return out;
}
