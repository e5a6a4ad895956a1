/**
 * Test-side control of a chopsticks node: state set through dev_setStorage (fast, exact), and
 * the few steps that must be real extrinsics (network and hotkey registration, proxies).
 */
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { queryFn, toBigInt, txFn } from '../../../src/chain/subtensor/metadata';

export const TAO = 1_000_000_000n;

export class DevChain {
  /** Next nonce per signer: a node may answer accountNextIndex from a head one block behind. */
  private readonly nonces = new Map<string, number>();

  private constructor(
    readonly api: ApiPromise,
    readonly keyring: Keyring,
  ) {}

  static async connect(url: string): Promise<DevChain> {
    await cryptoWaitReady();
    const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true, throwOnConnect: true });
    return new DevChain(api, new Keyring({ type: 'sr25519', ss58Format: 42 }));
  }

  /** A well-known dev key (`//Alice`) or any derivation path, e.g. `//govbridge`. */
  pair(uri: string): KeyringPair {
    return this.keyring.addFromUri(uri);
  }

  private async setStorage(changes: Record<string, Record<string, unknown>>): Promise<void> {
    await this.api.rpc('dev_setStorage', changes);
  }

  async newBlock(count = 1): Promise<number> {
    await this.api.rpc('dev_newBlock', { count });
    return (await this.api.rpc.chain.getHeader()).number.toNumber();
  }

  /** Moves the chain clock; the next block carries the new timestamp. */
  async timeTravel(to: Date): Promise<void> {
    await this.api.rpc('dev_timeTravel', to.getTime());
  }

  /** Sets the free balance, keeping the account's nonce (dev_setStorage replaces the whole record). */
  async fund(address: string, freeRao: bigint): Promise<void> {
    const info = (await queryFn(this.api, 'system', 'account')(address)) as unknown as { nonce: unknown };
    await this.setStorage({
      System: { Account: [[[address], { nonce: Number(toBigInt(info.nonce)), providers: 1, data: { free: freeRao.toString() } }]] },
    });
  }

  async enableSubnet(netuid: number): Promise<void> {
    await this.setStorage({ SubtensorModule: { SubtokenEnabled: [[[netuid], true]] } });
  }

  /** A pool of the given depth: its price is tao / alpha RAO per alpha. */
  async setPool(netuid: number, taoRao: bigint, alpha: bigint): Promise<void> {
    await this.setStorage({
      SubtensorModule: { SubnetTAO: [[[netuid], taoRao.toString()]], SubnetAlphaIn: [[[netuid], alpha.toString()]] },
    });
  }

  /** Registers a new subnet owned by `owner` with `hotkey` as its first neuron; returns its netuid. */
  async addSubnet(owner: KeyringPair, hotkey: string): Promise<number> {
    await this.setStorage({ SubtensorModule: { NetworkRateLimit: '0' } });
    const events = await this.submit(txFn(this.api, 'subtensorModule', 'registerNetwork')(hotkey), owner);
    const added = events.find((e) => e.section === 'subtensorModule' && e.method === 'NetworkAdded');
    if (!added) throw new Error(`register_network did not add a network: ${events.map((e) => e.method).join(', ')}`);
    return Number((added.data[0] as { toString(): string }).toString());
  }

  async registerHotkey(coldkey: KeyringPair, hotkey: string, netuid: number): Promise<void> {
    await this.submit(txFn(this.api, 'subtensorModule', 'burnedRegister')(netuid, hotkey), coldkey);
  }

  async addProxy(delegator: KeyringPair, delegate: string, proxyType: 'Staking' | 'Any' | 'NonTransfer'): Promise<void> {
    await this.submit(txFn(this.api, 'proxy', 'addProxy')(delegate, proxyType, 0), delegator);
  }

  /** Signs, sends, waits for the block; throws with the dispatch error's name when it failed. */
  async submit(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<{ section: string; method: string; data: unknown[] }[]> {
    const onChain = (await this.api.rpc.system.accountNextIndex(signer.address)).toNumber();
    const nonce = Math.max(onChain, this.nonces.get(signer.address) ?? 0);
    this.nonces.set(signer.address, nonce + 1);
    return new Promise((resolve, reject) => {
      tx.signAndSend(signer, { nonce }, ({ status, events, dispatchError }) => {
        if (!status.isInBlock && !status.isFinalized) return;
        if (dispatchError) {
          const name = dispatchError.isModule ? this.moduleErrorName(dispatchError.asModule) : dispatchError.toString();
          reject(new Error(`${tx.method.section}.${tx.method.method} failed: ${name}`));
          return;
        }
        resolve(events.map(({ event }) => ({ section: event.section, method: event.method, data: [...event.data] })));
      }).catch(reject);
    });
  }

  private moduleErrorName(err: Parameters<ApiPromise['registry']['findMetaError']>[0]): string {
    const meta = this.api.registry.findMetaError(err);
    return `${meta.section}.${meta.name}`;
  }

  async freeBalance(address: string): Promise<bigint> {
    const info = (await queryFn(this.api, 'system', 'account')(address)) as unknown as { data: { free: unknown } };
    return toBigInt(info.data.free);
  }

  async isRegistered(hotkey: string, netuid: number): Promise<boolean> {
    return ((await queryFn(this.api, 'subtensorModule', 'uids')(netuid, hotkey)) as unknown as { isSome: boolean }).isSome;
  }

  async disconnect(): Promise<void> {
    await this.api.disconnect();
  }
}
