/**
 * Trouble an operator must see: a plan whose recent tranches all failed, with the chain's reason
 * code and what to do about it. Shared by the API (and so the dashboard), /ready and metrics.
 */
import type { TrancheView } from './ports';
import { CHAIN_OUTCOME, OUTCOME } from '../domain/execution/outcome';

export interface FailingStreak {
  /** How many of the most recent settled tranches failed in a row (at least the threshold). */
  count: number;
  /** The chain's reason code of the newest failure, e.g. SlippageTooHigh, NotIncluded. */
  code: string;
  reason: string;
  /** What the operator can do, in words. */
  advice: string;
  since: string;
}

const SETTLED = new Set(['finalized', 'failed', 'skipped']);
const PRICE =
  "the price moved past the limit (executor.maxSlippage); govbridge retries and re-spreads the amount. If it persists, check the pool's liquidity or raise executor.maxSlippage; halt the plan to stop trying.";

const ADVICE: Record<string, string> = {
  SlippageTooHigh: PRICE,
  InsufficientLiquidity: PRICE,
  ZeroMaxAmount: PRICE,
  ZeroMaxStakeAmount: PRICE,
  BalanceTooLow: 'the treasury (or the signing key, for fees) lacks funds: check its free balance and phase 1 in `govbridge ledger PLAN`.',
  NotEnoughBalanceToStake: 'the treasury lacks free balance for the tranche: check phase 1 and the treasury in `govbridge ledger PLAN`.',
  CallFiltered: 'the proxy does not allow the call: make the executor key a Staking proxy of the treasury.',
  NotProxy: 'the executor key is not a proxy of the treasury: add it as a Staking proxy.',
  NotIncluded: "transactions were never included: check the node (chain.url), its sync, and the signer's nonce.",
  HotKeyNotRegisteredInNetwork: 'the validator hotkey is not registered on that subnet: fix chain.hotkeys.',
  HotkeyAccountDoesntExist: 'the validator hotkey does not exist: fix chain.hotkeys.',
  StakeAmountTooLow: 'the tranche is under the chain minimum: the plan cannot run as scheduled; halt it and propose a new one.',
};
const DEFAULT_ADVICE =
  "read the chain's answers with `govbridge ledger PLAN` and check the node; halt the plan (`govbridge halt`) if it should stop trying.";

/**
 * The reason code of a tranche, from its outcome code: a chain's refusal by the chain's name
 * (`chain.BalanceTooLow` → BalanceTooLow), a tx never included as NotIncluded. Any other code
 * (`ledger.refused`: no one named the refusal), or none, falls back to the head of its reason.
 */
export function trancheCode(t: Pick<TrancheView, 'outcomeCode' | 'reason'>): string {
  const code = t.outcomeCode;
  if (code === OUTCOME.notIncluded) return 'NotIncluded';
  if (code?.startsWith(CHAIN_OUTCOME)) return code.slice(CHAIN_OUTCOME.length);
  return reasonCode(t.reason);
}

/** The reason code of a ledger reason: "not signed: BalanceTooLow: …" → BalanceTooLow. */
export function reasonCode(reason: string | null): string {
  if (!reason) return 'Unknown';
  const text = reason.replace(/^not signed:\s*/, '');
  return /^([A-Za-z][\w.]*)/.exec(text)?.[1] ?? 'Unknown';
}

export function adviceFor(code: string): string {
  return ADVICE[code] ?? DEFAULT_ADVICE;
}

/**
 * The failing streak of a plan: when its `threshold` most recent settled tranches all failed or
 * were skipped, how many in a row and why; null while any of them went through.
 */
export function failingStreak(tranches: TrancheView[], threshold: number): FailingStreak | null {
  const settled = tranches.filter((t) => SETTLED.has(t.state)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  let count = 0;
  for (let i = settled.length - 1; i >= 0 && settled[i]!.state !== 'finalized'; i--) count++;
  if (count < threshold || count === 0) return null;
  const newest = settled[settled.length - 1]!;
  const code = trancheCode(newest);
  return { count, code, reason: newest.reason ?? '', advice: adviceFor(code), since: settled[settled.length - count]!.at };
}

/** Failed and skipped tranches by reason code: what the chain refused, counted by kind. */
export function refusalsByCode(tranches: TrancheView[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tranches) if (t.state === 'failed' || t.state === 'skipped') out.set(trancheCode(t), (out.get(trancheCode(t)) ?? 0) + 1);
  return out;
}
