/**
 * The one interface the executor uses to reach a chain. The real subtensor adapter
 * (@polkadot/api) and the in-process dry-run simulator both implement it, so the executor,
 * its tests and the benchmark never know which one they drive.
 *
 * Units: amounts of TAO are bigint RAO (1 TAO = 10^9 RAO); alpha amounts are bigint in the
 * chain's own 10^9 base units; prices are bigint RAO per 1 alpha (10^9 = 1 TAO per alpha),
 * exactly what SwapRuntimeApi.current_alpha_price returns and add_stake_limit takes.
 */
import type { Result } from '../result';

export type { StakeAction } from '../domain/execution/action';
import type { StakeAction } from '../domain/execution/action';

/** What StakeAdded / StakeRemoved said, decoded. */
export interface StakeEvent {
  kind: 'added' | 'removed';
  coldkey: string;
  hotkey: string;
  netuid: number;
  taoRao: bigint;
  alpha: bigint;
  feeRao: bigint;
}

/** Named chain failures (docs/design.md §6): never a bare string, never a hang. */
export type ChainErrorKind =
  | 'invalid-tx' // 1010 Invalid Custom(n): name from the table of docs/design.md §6, e.g. SlippageTooHigh
  | 'module' // a dispatch error of a pallet, by name (e.g. SubtensorModule.HotKeyNotRegisteredInSubNet)
  | 'call-filtered' // System.CallFiltered: the proxy type forbids the call
  | 'timeout'
  | 'dropped'
  | 'connection'
  | 'authority';

export interface ChainError {
  kind: ChainErrorKind;
  /** Short machine name: SlippageTooHigh, CallFiltered, StakeAmountTooLow, Timeout, ... */
  name: string;
  message: string;
  /** Refusals for price are retried later; others are not. */
  priceRefusal: boolean;
}

/** A signed extrinsic that has not been sent: the executor records it before sending. */
export interface PreparedTx {
  txHash: string;
  callHash: string;
  signer: string;
  nonce: number;
  /** Block number the mortal era starts at; after `validUntilBlock` it can never be included. */
  eraBlock: number;
  validUntilBlock: number;
  actions: StakeAction[];
}

export interface Inclusion {
  txHash: string;
  blockHash: string;
  blockNumber: number;
  finalized: boolean;
  feeRao: bigint;
  stakes: StakeEvent[];
  /** For multisig: the call is waiting for other signers' approvals and did not execute yet. */
  pendingApprovals?: boolean;
  /**
   * Actions (by index in PreparedTx.actions) that failed while others in the same extrinsic
   * landed. Only a batch of proxied calls can do this: the Staking proxy type does not admit
   * utility calls, so such a batch is not atomic. Absent when everything landed.
   */
  failures?: { index: number; error: ChainError }[];
}

export type SendOutcome = { ok: true; value: Inclusion } | { ok: false; error: ChainError };

/** What the chain says about a tx recorded as `submitting` before a crash. */
export type Reconciliation =
  | { status: 'included'; inclusion: Inclusion; failure?: ChainError }
  | { status: 'not-included' } // its nonce is unused and its era has expired: it can never land
  | { status: 'pending' } // still possibly in the pool: wait, do not resend
  | { status: 'nonce-taken' }; // another tx used the nonce: this one can never land

export interface AuthorityReport {
  mode: 'proxy' | 'multisig' | 'direct';
  signer: string;
  treasury: string;
  /** Human sentences for an operator; empty when the authority is usable. */
  problems: string[];
}

export interface StakePreview {
  expectedAlpha: bigint;
  priceBefore: bigint;
  priceAfter: bigint;
  /** Price impact in basis points of priceBefore. */
  impactBps: number;
  feeRao: bigint;
}

export interface ChainPort {
  readonly kind: 'dry-run' | 'subtensor';
  genesisHash(): Promise<string>;
  bestBlock(): Promise<number>;
  alphaPrice(netuid: number): Promise<bigint>;
  freeBalance(account: string): Promise<bigint>;
  /** Alpha staked by coldkey to hotkey on netuid. */
  stake(hotkey: string, coldkey: string, netuid: number): Promise<bigint>;
  /** Verifies the signer may act for the treasury and that hotkeys are registered on netuids. */
  checkAuthority(hotkeys: { netuid: number; hotkey: string }[]): Promise<AuthorityReport>;
  previewStake(netuid: number, amountRao: bigint): Promise<StakePreview>;
  /** Builds and signs (batch_all when more than one action, wrapped for the authority mode). */
  prepare(actions: StakeAction[]): Promise<Result<PreparedTx, ChainError>>;
  /** Sends a prepared tx and follows it to in-block (and finalized when the chain finalizes). */
  send(tx: PreparedTx, onInBlock?: (blockNumber: number, blockHash: string) => void): Promise<SendOutcome>;
  reconcile(tx: Pick<PreparedTx, 'txHash' | 'signer' | 'nonce' | 'eraBlock' | 'validUntilBlock'>): Promise<Reconciliation>;
  close(): Promise<void>;
}
