import type { AllocationPlan } from '../plan';
import type { StakeAction } from './action';

export type Phase1 = { kind: 'ready' } | { kind: 'move'; action: StakeAction; why: string } | { kind: 'short'; why: string };

/**
 * Phase 1 (docs/design.md §6), from what the chain holds: the root share must end staked at root and the
 * DCA budget must be free balance. govbridge moves only what the plan needs: it unstakes from
 * root just enough to free the DCA budget, or stakes to root just enough to reach the root
 * share, and never touches treasury funds beyond the plan.
 */
export function phase1(plan: AllocationPlan, free: bigint, rootStake: bigint, rootHotkey: string): Phase1 {
  const rootShare = plan.allocations.filter((a) => a.mode === 'hold').reduce((s, a) => s + a.rao, 0n);
  const dcaBudget = plan.allocations.filter((a) => a.mode === 'dca').reduce((s, a) => s + a.rao, 0n);
  const holds = `the treasury holds ${free} RAO free and ${rootStake} RAO at root; the plan needs ${rootShare} RAO at root and ${dcaBudget} RAO free`;
  if (free + rootStake < rootShare + dcaBudget) return { kind: 'short', why: holds };
  if (free < dcaBudget) {
    const amountAlpha = dcaBudget - free;
    return {
      kind: 'move',
      action: { kind: 'removeStake', hotkey: rootHotkey, netuid: 0, amountAlpha },
      why: `unstake ${amountAlpha} RAO from root: ${holds}`,
    };
  }
  if (rootStake < rootShare) {
    const amountRao = rootShare - rootStake;
    return {
      kind: 'move',
      action: { kind: 'addStake', hotkey: rootHotkey, netuid: 0, amountRao },
      why: `stake ${amountRao} RAO to root: ${holds}`,
    };
  }
  return { kind: 'ready' };
}
