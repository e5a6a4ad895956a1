/**
 * The one step the recorded fixtures cannot cover: turning live @polkadot codecs into the wire
 * shapes the decoder reads. Real codecs of @polkadot/types' own registry (Phase, DispatchError,
 * ExtrinsicStatus, u64, AccountId; no runtime metadata needed) go through the adapter's
 * converters, so an upgrade of @polkadot/api that changes `toJSON()` fails here, offline.
 */
import type { ApiPromise } from '@polkadot/api';
import { TypeRegistry } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';
import { decodeExtrinsicEvents } from '../../../src/chain/subtensor/outcome';
import { apiSubmission, followTx } from '../../../src/chain/subtensor/submit';
import { eventRecordsJson } from '../../../src/chain/subtensor/wire';
import { quietLogger } from '../../../src/log';
import { namer, viewAt } from './recorded';

const registry = new TypeRegistry();
const t = (type: string, value: unknown): Codec => registry.createType(type, value);
const TREASURY = '5FNHuuWzHK3A3A295YUFk2ECZ6JdFvMVg5mFsH29wCHjpjsN';
const HOTKEY = '5CSQ33GYADYePkNwjtKMoqAScZYD3ogtuGqPUzuH53Ndcm8S';
/** More RAO than 2^53: a codec writes it as hex, not as a number. */
const BIG = 12_000_000n * 1_000_000_000n;

const record = (phase: unknown, section: string, method: string, data: Codec[]) => ({
  phase: t('Phase', phase),
  event: { section, method, data },
});

describe('live codecs to the wire shapes', () => {
  const records = [
    record({ ApplyExtrinsic: 0 }, 'system', 'ExtrinsicSuccess', []),
    record({ ApplyExtrinsic: 1 }, 'subtensorModule', 'StakeAdded', [
      t('AccountId', TREASURY),
      t('AccountId', HOTKEY),
      t('u64', BIG),
      t('u64', BIG - 7n),
      t('u16', 2),
      t('u64', 29_907_682),
    ]),
    record({ ApplyExtrinsic: 1 }, 'proxy', 'ProxyExecuted', [t('Result<(), DispatchError>', { Ok: null })]),
    record({ ApplyExtrinsic: 1 }, 'proxy', 'ProxyExecuted', [
      t('Result<(), DispatchError>', { Err: { Module: { index: 7, error: '0x54000000' } } }),
    ]),
    record({ ApplyExtrinsic: 1 }, 'transactionPayment', 'TransactionFeePaid', [t('AccountId', TREASURY), t('u64', 311_386), t('u64', 0)]),
    record('Finalization', 'subtensorModule', 'StakeAdded', [
      t('AccountId', TREASURY),
      t('AccountId', HOTKEY),
      t('u64', 1),
      t('u64', 1),
      t('u16', 9),
      t('u64', 0),
    ]),
  ];

  it('keeps phases, amounts above 2^53 and Result/DispatchError variants readable', () => {
    const json = eventRecordsJson(records);
    expect(json[1]!.phase).toEqual({ applyExtrinsic: 1 });
    expect(typeof json[1]!.event.data[2]).toBe('string'); // hex, as the node's big amounts come
    expect(json[5]!.phase).toEqual({ finalization: null });

    const names = namer({ '7:84': { section: 'subtensorModule', name: 'SlippageTooHigh', docs: '' } });
    const { inclusion, failure } = decodeExtrinsicEvents(
      json,
      1,
      { txHash: '0x01', blockHash: '0x02', blockNumber: 3, finalized: false },
      names,
    );
    expect(failure).toBeNull();
    expect(inclusion.stakes).toEqual([
      { kind: 'added', coldkey: TREASURY, hotkey: HOTKEY, netuid: 2, taoRao: BIG, alpha: BIG - 7n, feeRao: 29_907_682n },
    ]);
    expect(inclusion.feeRao).toBe(311_386n);
    expect(inclusion.failures).toEqual([{ index: 1, error: expect.objectContaining({ name: 'SlippageTooHigh', priceRefusal: true }) }]);
  });

  it('follows ExtrinsicStatus codecs from the node through apiSubmission', async () => {
    const hash = `0x${'ab'.repeat(32)}`;
    const listeners = new Map<string, () => void>();
    const api = {
      on: (ev: string, cb: () => void) => listeners.set(ev, cb),
      off: (ev: string) => listeners.delete(ev),
      rpc: {
        author: {
          submitAndWatchExtrinsic: (_tx: unknown, cb: (s: Codec) => void) => {
            for (const s of ['Ready', { InBlock: hash }, { Finalized: hash }]) setTimeout(() => cb(t('ExtrinsicStatus', s)), 1);
            return Promise.resolve(() => undefined);
          },
        },
      },
    } as unknown as ApiPromise;
    const block = { hash, number: 3, extrinsicHashes: ['0x00', '0x01'], events: eventRecordsJson(records.slice(0, 3)) };
    const out = await followTx('0x01', apiSubmission(api, {} as never), viewAt([block], namer({}), 3), {
      timeoutMs: 5_000,
      log: quietLogger(),
    });
    expect(out).toMatchObject({ ok: true, value: { blockNumber: 3, finalized: true, stakes: [{ taoRao: BIG }] } });
    expect(listeners.size).toBe(0);
  });
});
