import type {
  AuthorityReport,
  ChainError,
  ChainPort,
  Inclusion,
  PreparedTx,
  Reconciliation,
  SendOutcome,
  StakeAction,
  StakeEvent,
  StakePreview,
} from '../port';
import { err, ok, type Result } from '../../result';
import { PRICE_ONE, quoteBuy, type Pool } from './pool';
import { SubnetMarket } from './market';
import { SimState, chainError, type TradeRecord } from './ledger-state';
import { defaultPool, poolFromSpec, resolveOptions, type DryRunOptions, type ResolvedOptions } from './options';
import { placeholderHotkey, simHash } from './addresses';
import type { WorldSnapshot } from './world';
import { toJsonText } from '../../json';

export const BLOCK_MS = 12_000;

interface Included {
  inclusion: Inclusion;
  failure?: ChainError;
}

/**
 * An in-process simulated subtensor behind the ChainPort contract: constant-product pools per
 * subnet moved by other traders' seeded random flow, fees, add_stake_limit refusals, a block
 * number derived from the injected clock (12 s blocks), and signed transactions with nonces
 * and mortal eras, so that crash reconciliation behaves as on the real chain. Deterministic for
 * a seed and a sequence of calls. Money never leaves the process.
 */
export class DryRunChain implements ChainPort {
  readonly kind = 'dry-run' as const;
  readonly treasury: string;
  readonly signer: string;
  readonly trades: TradeRecord[] = [];
  private readonly o: ResolvedOptions;
  private readonly state: SimState;
  private readonly markets = new Map<number, SubnetMarket>();
  private readonly prepared = new Map<string, PreparedTx>();
  private readonly included = new Map<string, Included>();
  private readonly nonces = new Map<string, number>();
  /** Last staking direction per (hotkey, coldkey, netuid) and the block it landed in. */
  private readonly lastOps = new Map<string, { block: number; adds: boolean }>();
  private prepareCount = 0;
  /** Called after every change of the world (a prepared or sent tx), e.g. to save it. */
  onChange: (() => void) | null = null;

  constructor(opts: DryRunOptions) {
    this.o = resolveOptions(opts);
    this.treasury = this.o.treasury;
    this.signer = this.o.signer;
    this.state = new SimState(new Map(Object.entries(this.o.balances)), new Map(), new Map());
    const rootHotkey = this.o.rootHotkey ?? placeholderHotkey(0);
    if (this.o.treasuryRootStake > 0n) this.state.stakes.set(SimState.key(rootHotkey, this.treasury, 0), this.o.treasuryRootStake);
    for (const spec of this.o.pools) this.addPool(spec.netuid, poolFromSpec(spec));
  }

  private now(): number {
    return this.o.clock().getTime();
  }

  private block(): number {
    return Math.floor(this.now() / BLOCK_MS);
  }

  private addPool(netuid: number, pool: Pool): void {
    this.state.pools.set(netuid, pool);
    const m = { volatilityPerDay: this.o.volatilityPerDay, driftPerDay: this.o.driftPerDay, stepSeconds: this.o.stepSeconds };
    this.markets.set(netuid, new SubnetMarket(this.o.seed, netuid, m, this.now()));
  }

  /** Brings every pool's outside market up to the clock; creates a default pool on first touch. */
  advance(netuid?: number): void {
    if (netuid !== undefined && netuid !== 0 && !this.state.pools.has(netuid)) {
      this.addPool(netuid, defaultPool(this.o.seed, netuid, this.o.defaultDepthRao));
    }
    for (const [id, market] of this.markets) this.state.pools.set(id, market.advance(this.state.pools.get(id)!, this.now()));
  }

  // ---- test and benchmark helpers (not part of ChainPort) ----
  pool(netuid: number): Pool | undefined {
    this.advance(netuid);
    return this.state.pools.get(netuid);
  }
  /** Moves a pool to a price as a large outside trade would (tests: a price spike). */
  setPrice(netuid: number, price: bigint): void {
    this.advance(netuid);
    const p = this.state.pools.get(netuid)!;
    const k = p.taoRao * p.alpha;
    const alpha = (p.taoRao * PRICE_ONE) / price;
    this.state.pools.set(netuid, { taoRao: k / alpha, alpha });
  }
  fund(account: string, rao: bigint): void {
    this.state.balances.set(account, this.state.balance(account) + rao);
  }
  twap(netuid: number): number {
    this.advance(netuid);
    return this.markets.get(netuid)?.twap(this.state.pools.get(netuid)!) ?? 1e9;
  }
  resetTwap(): void {
    for (const m of this.markets.values()) m.resetTwap();
  }
  includedCount(): number {
    return this.included.size;
  }

  /** The whole world as plain data (see world.ts); the markets are first brought up to the clock. */
  snapshot(): WorldSnapshot {
    this.advance();
    return {
      version: 1,
      seed: this.o.seed,
      balances: [...this.state.balances],
      stakes: [...this.state.stakes],
      pools: [...this.state.pools],
      markets: [...this.markets].map(([n, m]) => [n, m.snapshot()]),
      nonces: [...this.nonces],
      included: [...this.included],
      lastOps: [...this.lastOps],
      prepareCount: this.prepareCount,
    };
  }

  /** Replaces the world with a saved one: the same seed's chain, as another process left it. */
  restore(w: WorldSnapshot): void {
    if (w.seed !== this.o.seed) throw new Error(`saved dry-run world has seed ${w.seed}, the configuration says ${this.o.seed}`);
    const replace = <K, V>(m: Map<K, V>, entries: [K, V][]): void => {
      m.clear();
      for (const [k, v] of entries) m.set(k, v);
    };
    replace(this.state.balances, w.balances);
    replace(this.state.stakes, w.stakes);
    replace(this.state.pools, w.pools);
    replace(this.nonces, w.nonces);
    replace(this.included, w.included);
    replace(this.lastOps, w.lastOps);
    this.prepared.clear();
    this.prepareCount = w.prepareCount;
    this.markets.clear();
    for (const [netuid, snap] of w.markets) {
      const m = { volatilityPerDay: this.o.volatilityPerDay, driftPerDay: this.o.driftPerDay, stepSeconds: this.o.stepSeconds };
      const market = new SubnetMarket(this.o.seed, netuid, m, this.now());
      market.restore(snap);
      this.markets.set(netuid, market);
    }
  }

  // ---- ChainPort ----
  genesisHash(): Promise<string> {
    return Promise.resolve(simHash('genesis', this.o.seed));
  }
  bestBlock(): Promise<number> {
    return Promise.resolve(this.block());
  }
  alphaPrice(netuid: number): Promise<bigint> {
    this.advance(netuid);
    return Promise.resolve(this.state.price(netuid));
  }
  freeBalance(account: string): Promise<bigint> {
    return Promise.resolve(this.state.balance(account));
  }
  stake(hotkey: string, coldkey: string, netuid: number): Promise<bigint> {
    return Promise.resolve(this.state.stake(hotkey, coldkey, netuid));
  }
  checkAuthority(hotkeys: { netuid: number; hotkey: string }[]): Promise<AuthorityReport> {
    const problems = hotkeys
      .filter((h) => this.o.unregistered.includes(`${h.netuid}:${h.hotkey}`))
      .map((h) => `hotkey ${h.hotkey} is not registered on netuid ${h.netuid}`);
    return Promise.resolve({ mode: 'proxy', signer: this.signer, treasury: this.treasury, problems });
  }
  previewStake(netuid: number, amountRao: bigint): Promise<StakePreview> {
    this.advance(netuid);
    if (netuid === 0)
      return Promise.resolve({ expectedAlpha: amountRao, priceBefore: PRICE_ONE, priceAfter: PRICE_ONE, impactBps: 0, feeRao: 0n });
    const q = quoteBuy(this.state.pools.get(netuid)!, amountRao, this.o.swapFeePpm);
    const impactBps = Number(((q.priceAfter - q.priceBefore) * 10_000n) / (q.priceBefore || 1n));
    return Promise.resolve({
      expectedAlpha: q.alphaOut,
      priceBefore: q.priceBefore,
      priceAfter: q.priceAfter,
      impactBps,
      feeRao: q.feeRao,
    });
  }

  prepare(actions: StakeAction[]): Promise<Result<PreparedTx, ChainError>> {
    if (actions.length === 0) return Promise.resolve(err(chainError('invalid-tx', 'BadRequest', 'no actions to send')));
    for (const a of actions) this.advance(a.netuid);
    const nonce = this.nonces.get(this.signer) ?? 0;
    const eraBlock = this.block();
    const callHash = simHash('call', toJsonText(actions));
    const txHash = simHash('tx', this.o.seed, this.signer, nonce, eraBlock, callHash, this.prepareCount++);
    const tx: PreparedTx = {
      txHash,
      callHash,
      signer: this.signer,
      nonce,
      eraBlock,
      validUntilBlock: eraBlock + this.o.eraLength,
      actions,
    };
    this.prepared.set(txHash, tx);
    this.onChange?.();
    return Promise.resolve(ok(tx));
  }

  send(tx: PreparedTx, onInBlock?: (blockNumber: number, blockHash: string) => void): Promise<SendOutcome> {
    const refuse = (e: ChainError): Promise<SendOutcome> => Promise.resolve({ ok: false, error: e });
    const known = this.prepared.get(tx.txHash);
    if (!known) return refuse(chainError('invalid-tx', 'BadProof', 'transaction was not signed for this chain'));
    if (this.included.has(tx.txHash)) return refuse(chainError('invalid-tx', 'AlreadyImported', 'transaction already included'));
    const nonce = this.nonces.get(known.signer) ?? 0;
    if (known.nonce < nonce) return refuse(chainError('invalid-tx', 'Stale', `nonce ${known.nonce} already used`));
    if (known.nonce > nonce) return refuse(chainError('invalid-tx', 'Future', `nonce ${known.nonce} is ahead of ${nonce}`));
    if (this.block() > known.validUntilBlock) return refuse(chainError('invalid-tx', 'AncientBirthBlock', 'the mortal era has expired'));
    for (const a of known.actions) this.advance(a.netuid);
    // The pool validates a lone staking call before inclusion (1010 Invalid): nothing lands.
    const draft = this.state.clone();
    const trades: TradeRecord[] = [];
    const stakes: StakeEvent[] = [];
    let failure: ChainError | undefined;
    const blockNumber = this.block() + 1;
    const ops = new Map(this.lastOps);
    for (const a of known.actions) {
      // Staking and unstaking the same (hotkey, coldkey, netuid) in one block is rate-limited.
      const key = SimState.key(a.hotkey, this.treasury, a.netuid);
      const adds = a.kind === 'addStake' || a.kind === 'addStakeLimit';
      const last = ops.get(key);
      if (last && last.block === blockNumber && last.adds !== adds) {
        failure = chainError('invalid-tx', 'RateLimitExceeded', `stake and unstake of the same hotkey on netuid ${a.netuid} in one block`);
        break;
      }
      ops.set(key, { block: blockNumber, adds });
      const r = draft.apply(this.treasury, a, this.o.swapFeePpm, trades);
      if (!r.ok) {
        failure = r.error;
        break;
      }
      stakes.push(r.event);
    }
    if (failure && known.actions.length === 1 && failure.kind === 'invalid-tx') return refuse(failure);
    const blockHash = simHash('block', this.o.seed, blockNumber);
    const fee = this.o.txFeeRao;
    this.nonces.set(known.signer, nonce + 1);
    this.state.balances.set(known.signer, this.state.balance(known.signer) - fee);
    const inclusion: Inclusion = { txHash: tx.txHash, blockHash, blockNumber, finalized: true, feeRao: fee, stakes: failure ? [] : stakes };
    if (failure) {
      // batch_all: one failing call reverts the whole batch, but the extrinsic is in a block.
      const dispatch = { ...failure, kind: 'module' as const };
      this.included.set(tx.txHash, { inclusion, failure: dispatch });
      this.onChange?.();
      onInBlock?.(blockNumber, blockHash);
      return refuse(dispatch);
    }
    for (const [k, v] of draft.balances) this.state.balances.set(k, k === known.signer ? v - fee : v);
    for (const [k, v] of draft.stakes) this.state.stakes.set(k, v);
    for (const [k, v] of draft.pools) this.state.pools.set(k, v);
    for (const [k, v] of ops) this.lastOps.set(k, v);
    this.trades.push(...trades);
    this.included.set(tx.txHash, { inclusion });
    this.onChange?.();
    onInBlock?.(blockNumber, blockHash);
    return Promise.resolve({ ok: true, value: inclusion });
  }

  reconcile(tx: Pick<PreparedTx, 'txHash' | 'signer' | 'nonce' | 'eraBlock' | 'validUntilBlock'>): Promise<Reconciliation> {
    const found = this.included.get(tx.txHash);
    if (found)
      return Promise.resolve({ status: 'included', inclusion: found.inclusion, ...(found.failure ? { failure: found.failure } : {}) });
    if ((this.nonces.get(tx.signer) ?? 0) > tx.nonce) return Promise.resolve({ status: 'nonce-taken' });
    if (this.block() > tx.validUntilBlock) return Promise.resolve({ status: 'not-included' });
    return Promise.resolve({ status: 'pending' });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function createDryRunChain(opts: DryRunOptions): DryRunChain {
  return new DryRunChain(opts);
}
