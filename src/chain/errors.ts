/**
 * Names for what the chain refuses (docs/design.md §6). A transaction rejected by the pool comes back as
 * `1010 Invalid Transaction` with `Custom(n)`; subtensor's CustomTransactionError numbers it.
 * Dispatch errors come back as module indices that the metadata names.
 */
import type { ChainError, ChainErrorKind } from './port';
import { problem, type Problem } from '../domain/problem';
import { chainOutcome } from '../domain/execution/outcome';

/** subtensor's CustomTransactionError, as numbered by its `From<CustomTransactionError> for u8`. */
export const INVALID_CUSTOM: Readonly<Record<number, string>> = {
  0: 'ColdkeyInSwapSchedule',
  1: 'StakeAmountTooLow',
  2: 'BalanceTooLow',
  3: 'SubnetDoesntExist',
  4: 'HotkeyAccountDoesntExist',
  5: 'NotEnoughStakeToWithdraw',
  6: 'RateLimitExceeded',
  7: 'InsufficientLiquidity',
  8: 'SlippageTooHigh',
  9: 'TransferDisallowed',
  10: 'HotKeyNotRegisteredInNetwork',
  11: 'InvalidIpAddress',
  12: 'ServingRateLimitExceeded',
  13: 'InvalidPort',
  14: 'ZeroMaxAmount',
  255: 'BadRequest',
};

/** Refusals about the price: the executor retries these later instead of failing the tranche. */
const PRICE_REFUSALS = new Set([
  'SlippageTooHigh',
  'InsufficientLiquidity',
  'ZeroMaxAmount',
  // The module error of a limit price below the pool's price: no amount fits under the limit.
  'ZeroMaxStakeAmount',
]);

export function chainError(kind: ChainErrorKind, name: string, message: string): ChainError {
  return { kind, name, message, priceRefusal: PRICE_REFUSALS.has(name) };
}

/** How a lost connection to the node is worded, by the client library and by the node. */
const LOST_CONNECTION = /disconnect|not connected|websocket|ECONNREFUSED|socket/i;

/** A refusal the chain named, as the problem a ledger row ends with: `chain.<name>`, `Name: message`. */
export const refusalProblem = (e: ChainError): Problem => problem(chainOutcome(e.name), `${e.name}: ${e.message}`, { kind: e.kind });

const KINDS: ReadonlySet<string> = new Set<ChainErrorKind>([
  'invalid-tx',
  'module',
  'call-filtered',
  'timeout',
  'dropped',
  'connection',
  'authority',
]);

const isChainError = (v: unknown): v is ChainError => {
  const c = v as Partial<ChainError> | null;
  return typeof c === 'object' && c !== null && typeof c.kind === 'string' && KINDS.has(c.kind) && typeof c.name === 'string';
};

/**
 * The chain error a thrown error is, or null when it is not the chain's: an error that carries a
 * ChainError (ChainStartError), a ChainError thrown as it is, or the client's words for a lost
 * connection to the node.
 */
export function chainErrorOf(e: unknown): ChainError | null {
  const carried = (e as { error?: unknown } | null)?.error;
  if (isChainError(carried)) return carried;
  if (isChainError(e)) return e;
  const text = e instanceof Error ? e.message : '';
  return LOST_CONNECTION.test(text) ? chainError('connection', 'Disconnected', `lost the connection to the node: ${text}`) : null;
}

/**
 * Reads a pool rejection. Nodes word it differently ("1010: Invalid Transaction: Custom error: 8",
 * "Invalid Transaction (Custom(8))", chopsticks' `{"invalid":{"custom":8}}`), so this looks for
 * the code rather than one exact phrase.
 */
export function fromSubmissionError(e: unknown): ChainError {
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
  const custom = /custom[^0-9]{0,12}(\d{1,3})/i.exec(text);
  if (custom && /1010|invalid/i.test(text)) {
    const n = Number(custom[1]);
    const name = INVALID_CUSTOM[n] ?? `Custom${n}`;
    return chainError('invalid-tx', name, `the chain refused the transaction: ${name} (1010 Invalid Custom(${n}))`);
  }
  const invalid = /\b(stale|future|payment|badproof|ancientbirthblock|exhaustsresources|badmandatory|mandatorydispatch|badsigner)\b/i.exec(
    text,
  );
  if (invalid && /1010|1012|invalid|outdated/i.test(text)) {
    const name = invalid[1]!.charAt(0).toUpperCase() + invalid[1]!.slice(1);
    return chainError('invalid-tx', name, `the chain refused the transaction: ${text}`);
  }
  if (LOST_CONNECTION.test(text)) {
    return chainError('connection', 'Disconnected', `lost the connection to the node: ${text}`);
  }
  return chainError('invalid-tx', 'Rejected', `the chain refused the transaction: ${text}`);
}

/** A decoded module error (from the metadata) or another DispatchError variant. */
export function fromDispatchError(section: string, name: string, docs = ''): ChainError {
  if (section === 'system' && name === 'CallFiltered') {
    return chainError('call-filtered', 'CallFiltered', 'the proxy type does not allow this call (System.CallFiltered)');
  }
  const label = `${section.charAt(0).toUpperCase()}${section.slice(1)}.${name}`;
  return chainError('module', name, `${label}${docs ? `: ${docs}` : ''}`);
}
