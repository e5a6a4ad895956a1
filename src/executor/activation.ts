import type { Logger } from '../log';
import type { LedgerEntry } from '../store/ledger';
import type { ExecutorDeps } from './deps';
import type { RunnablePlan } from './plans';
import { NOTE, type TickReport } from './report';
import { phase1 } from '../domain/execution/phase1';
import { submit } from './submit';

/**
 * Activates an accepted plan once the chain allows it: every hotkey known, the authority usable,
 * and phase 1 (root share at root, DCA budget free) done from what the chain holds. Returns the
 * activation time, or null when the plan must wait (the reason is in the report and the log).
 */
export async function activatePlan(d: ExecutorDeps, log: Logger, p: RunnablePlan, now: Date, report: TickReport): Promise<Date | null> {
  const wait = async (note: string): Promise<null> => {
    report.notes.push({ planId: p.id, code: NOTE.activation, note: `activation waits: ${note}` });
    log.warn('activation waits', { planId: p.id, reason: note });
    await d.plans.waiting?.(p.id, note, now);
    return null;
  };
  const netuids = [0, ...p.plan.allocations.filter((a) => a.mode === 'dca').map((a) => a.netuid)];
  const hotkeys: { netuid: number; hotkey: string }[] = [];
  for (const netuid of netuids) {
    const hotkey = d.hotkeyFor(netuid);
    if (!hotkey) return wait(`no hotkey configured for netuid ${netuid} (chain.hotkeys)`);
    hotkeys.push({ netuid, hotkey });
  }
  const authority = await d.chain.checkAuthority(hotkeys);
  if (authority.problems.length > 0) return wait(authority.problems.join('; '));
  const rows = (await d.ledger.progress(p.id)).filter((r) => r.kind === 'phase1');
  if (rows.some((r) => r.status === 'submitting' || r.status === 'in-block')) return wait('phase 1 transaction not settled yet');
  if (!rows.some((r) => r.status === 'finalized')) {
    const rootHotkey = hotkeys[0]!.hotkey;
    const [free, rootStake] = await Promise.all([d.chain.freeBalance(d.treasury), d.chain.stake(rootHotkey, d.treasury, 0)]);
    const step = phase1(p.plan, free, rootStake, rootHotkey);
    if (step.kind === 'short') return wait(`not enough funds: ${step.why}`);
    if (step.kind === 'move') {
      log.info('phase 1', { planId: p.id, why: step.why });
      const a = step.action;
      const entry: LedgerEntry = {
        planId: p.id,
        kind: 'phase1',
        netuid: 0,
        trancheIndex: -1,
        action: a.kind,
        hotkey: a.hotkey,
        amount: a.kind === 'addStake' || a.kind === 'addStakeLimit' ? a.amountRao : a.amountAlpha,
        price: null,
        limitPrice: null,
      };
      const result = await submit(d.chain, d.ledger, [entry], now, log);
      const settled = (await d.ledger.progress(p.id)).some((r) => r.kind === 'phase1' && r.status === 'finalized');
      if (result !== 'included' || !settled) {
        // Say why in the plan's waiting note too, not only in the ledger and the log.
        const reason = (await d.ledger.forPlan(p.id)).filter((r) => r.kind === 'phase1').at(-1)?.reason;
        return wait(`phase 1 ${result === 'included' ? 'not finalized yet' : result}${reason ? `: ${reason}` : ''}`);
      }
    }
  }
  await d.plans.waiting?.(p.id, null, now);
  await d.plans.activate(p.id, now);
  report.activated.push(p.id);
  log.info('plan activated', { planId: p.id, at: now.toISOString() });
  return now;
}
