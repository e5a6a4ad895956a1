/**
 * The subtensor ChainPort on @polkadot/api (docs/design.md §6, §7): reads, authority check, preview,
 * prepare (sign with a mortal era, not sent) and send (follow to in-block and finalized).
 */
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { Config } from '../../config/schema';
import type { Logger } from '../../log';
import { err, ok, type Result } from '../../result';
import { authorityProblems } from '../authority';
import { chainError } from '../errors';
import type { AuthorityReport, ChainError, ChainPort, PreparedTx, Reconciliation, SendOutcome, StakeAction, StakePreview } from '../port';
import { apiChainView } from './blocks';
import { proxiedStakingCall, stakingCall } from './calls';
import { connectApi } from './connect';
import type { Tx } from './metadata';
import { multisigAddress, multisigStep } from './multisig';
import { previewFromPool } from './preview';
import * as reads from './reads';
import { reconcileTx } from './reconcile';
import { sendAndFollow } from './submit';

/** Blocks a signed tx stays valid: long enough to land, short enough to reconcile soon after a crash. */
export const ERA_PERIOD = 64;

type ChainConfig = Config['chain'];

export class SubtensorChain implements ChainPort {
  readonly kind = 'subtensor' as const;
  /** Signed but not sent: `send` takes them from here by hash. */
  private readonly signed = new Map<string, Tx>();
  /** The nonce after the last one this process signed: the pool may not know a tx yet. */
  private nextNonce = 0;

  constructor(
    private readonly api: ApiPromise,
    private readonly config: ChainConfig,
    private readonly pair: KeyringPair,
    private readonly log: Logger,
    private readonly eraPeriod = ERA_PERIOD,
  ) {}

  get signer(): string {
    return this.pair.address;
  }

  genesisHash(): Promise<string> {
    return Promise.resolve(this.api.genesisHash.toHex());
  }
  async bestBlock(): Promise<number> {
    return (await this.api.rpc.chain.getHeader()).number.toNumber();
  }
  alphaPrice(netuid: number): Promise<bigint> {
    return reads.alphaPrice(this.api, netuid);
  }
  freeBalance(account: string): Promise<bigint> {
    return reads.freeBalance(this.api, account);
  }
  stake(hotkey: string, coldkey: string, netuid: number): Promise<bigint> {
    return reads.stake(this.api, hotkey, coldkey, netuid);
  }

  /** The account whose money moves: the treasury, or the signer itself in direct mode. */
  get treasury(): string {
    return this.config.authority.mode === 'direct'
      ? (this.config.authority.treasury ?? this.signer)
      : (this.config.authority.treasury ?? '');
  }

  async checkAuthority(hotkeys: { netuid: number; hotkey: string }[]): Promise<AuthorityReport> {
    const a = this.config.authority;
    const ss58 = this.api.registry.chainSS58 ?? 42;
    const facts = await Promise.all(
      hotkeys.map(async (h) => {
        const subnetExists = await reads.subnetExists(this.api, h.netuid);
        const registered = subnetExists && (h.netuid === 0 || (await reads.hotkeyRegistered(this.api, h.hotkey, h.netuid)));
        return { ...h, subnetExists, registered };
      }),
    );
    return authorityProblems({
      mode: a.mode,
      signer: this.signer,
      treasury: a.treasury,
      allowAnyProxy: a.allowAnyProxy,
      treasuryProxies: a.mode === 'proxy' && a.treasury ? await reads.proxiesOf(this.api, a.treasury) : [],
      multisigAccount: a.mode === 'multisig' ? multisigAddress([this.signer, ...a.otherSignatories], a.threshold, ss58) : undefined,
      otherSignatories: a.otherSignatories,
      threshold: a.threshold,
      hotkeys: facts,
    });
  }

  async previewStake(netuid: number, amountRao: bigint): Promise<StakePreview> {
    const [pool, feeRate] = await Promise.all([reads.pool(this.api, netuid), reads.swapFeeRate(this.api, netuid)]);
    const hotkey = this.config.hotkeys[String(netuid)] ?? this.signer;
    // The fee of the call as this mode sends it (a proxied call costs more than a bare one).
    const action: StakeAction = { kind: 'addStake', hotkey, netuid, amountRao };
    const a = this.config.authority;
    const call = a.mode === 'proxy' && a.treasury ? proxiedStakingCall(this.api, a.treasury, [action]) : stakingCall(this.api, [action]);
    const info = await call.paymentInfo(this.signer);
    return previewFromPool(pool, amountRao, feeRate, info.partialFee.toBigInt(), netuid);
  }

  /** The call as this authority mode sends it. */
  private async authorize(actions: StakeAction[]): Promise<Result<{ tx: Tx; callHash: string }, ChainError>> {
    const a = this.config.authority;
    const call = stakingCall(this.api, actions);
    const callHash = call.method.hash.toHex();
    if (a.mode === 'direct') return ok({ tx: call, callHash });
    if (!a.treasury) return err(chainError('authority', 'NoTreasury', `chain.authority.treasury is not set for ${a.mode} mode`));
    if (a.mode === 'proxy') {
      const tx = proxiedStakingCall(this.api, a.treasury, actions);
      return ok({ tx, callHash: tx.method.hash.toHex() });
    }
    const step = await multisigStep(this.api, call, this.signer, a.otherSignatories, a.threshold);
    if ('alreadyApproved' in step) {
      return err(
        chainError('authority', 'AlreadyApproved', `govbridge already approved multisig call ${callHash}; waiting for the other signers`),
      );
    }
    return ok({ tx: step.tx, callHash });
  }

  async prepare(actions: StakeAction[]): Promise<Result<PreparedTx, ChainError>> {
    try {
      const wrapped = await this.authorize(actions);
      if (!wrapped.ok) return wrapped;
      const header = await this.api.rpc.chain.getHeader();
      const current = header.number.toNumber();
      const era = this.api.registry.createType('ExtrinsicEra', { current, period: this.eraPeriod });
      const nonce = Math.max((await this.api.rpc.system.accountNextIndex(this.signer)).toNumber(), this.nextNonce);
      const tx = await wrapped.value.tx.signAsync(this.pair, { blockHash: header.hash, era, nonce });
      const eraBlock = era.asMortalEra.birth(current);
      const txHash = tx.hash.toHex();
      this.signed.set(txHash, tx);
      this.nextNonce = nonce + 1;
      return ok({
        txHash,
        callHash: wrapped.value.callHash,
        signer: this.signer,
        nonce,
        eraBlock,
        validUntilBlock: era.asMortalEra.death(current) - 1,
        actions,
      });
    } catch (e) {
      return err(chainError('connection', 'PrepareFailed', `could not build or sign the transaction: ${(e as Error).message}`));
    }
  }

  async send(tx: PreparedTx, onInBlock?: (blockNumber: number, blockHash: string) => void): Promise<SendOutcome> {
    const signed = this.signed.get(tx.txHash);
    if (!signed) {
      return {
        ok: false,
        error: chainError(
          'dropped',
          'NotPrepared',
          `transaction ${tx.txHash} was not prepared by this process; reconcile it instead of resending`,
        ),
      };
    }
    const out = await sendAndFollow(this.api, signed, { timeoutMs: this.config.txTimeoutMs, onInBlock, log: this.log });
    if (out.ok || out.error.kind !== 'timeout') this.signed.delete(tx.txHash);
    // Refused by the pool, the nonce was never used: give it to the next transaction.
    if (!out.ok && out.error.kind === 'invalid-tx' && this.nextNonce === tx.nonce + 1) this.nextNonce = tx.nonce;
    return out;
  }

  reconcile(tx: Pick<PreparedTx, 'txHash' | 'signer' | 'nonce' | 'eraBlock' | 'validUntilBlock'>): Promise<Reconciliation> {
    return reconcileTx(apiChainView(this.api), tx);
  }

  /** Stops reconnecting too; closing a connection that is already gone is not an error. */
  async close(): Promise<void> {
    await this.api.disconnect().catch(() => undefined);
  }
}

export class ChainStartError extends Error {
  constructor(readonly error: ChainError) {
    super(error.message);
    this.name = 'ChainStartError';
  }
}

/**
 * Connects, checks the genesis hash against config (a wrong network is refused before anything
 * is signed), and loads the signing key from the seed (which comes only from the environment).
 * Throws ChainStartError with a named ChainError when it cannot start.
 */
export async function createSubtensorChain(
  config: ChainConfig,
  seed: string,
  log: Logger,
  opts: { eraPeriod?: number } = {},
): Promise<ChainPort & { readonly signer: string }> {
  const clog = log.child({ module: 'chain-subtensor' });
  await cryptoWaitReady();
  const conn = await connectApi(config.url, config.connectTimeoutMs, clog);
  if (!conn.ok) throw new ChainStartError(conn.error);
  const actual = conn.api.genesisHash.toHex();
  if (config.genesisHash && actual.toLowerCase() !== config.genesisHash.toLowerCase()) {
    await conn.api.disconnect();
    throw new ChainStartError(
      chainError(
        'connection',
        'WrongGenesis',
        `the node at ${config.url} is on genesis ${actual}, not the configured ${config.genesisHash}: wrong network`,
      ),
    );
  }
  let pair: KeyringPair;
  try {
    pair = new Keyring({ type: 'sr25519', ss58Format: conn.api.registry.chainSS58 ?? 42 }).addFromUri(seed);
  } catch {
    await conn.api.disconnect();
    // The seed itself is never echoed.
    throw new ChainStartError(chainError('authority', 'BadSeed', 'GOVBRIDGE_SIGNER_SEED is not a valid seed, mnemonic or derivation URI'));
  }
  clog.info('chain ready', { url: config.url, genesis: actual, signer: pair.address, mode: config.authority.mode });
  return new SubtensorChain(conn.api, config, pair, clog, opts.eraPeriod);
}
