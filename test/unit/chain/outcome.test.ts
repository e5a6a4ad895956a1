/**
 * Outcome decoding of the subtensor adapter on events recorded from the dev runtime
 * (scripts/chain/record-fixtures.ts): what landed, what it cost, and which action failed why.
 */
import { decodeExtrinsicEvents, dispatchFailure, outcomeInBlock } from '../../../src/chain/subtensor/outcome';
import { enumVariant, extrinsicIndex, jsonBigInt } from '../../../src/chain/subtensor/wire';
import { blockOf, load, namer, viewAt, type Scenario } from './recorded';

/** Decodes a scenario's own extrinsic in its recorded block. */
function decode(s: Scenario) {
  const block = blockOf(s);
  const index = block.extrinsicHashes.indexOf(s.txHash);
  expect(index).toBeGreaterThan(0); // index 0 is the timestamp inherent
  return decodeExtrinsicEvents(
    block.events,
    index,
    { txHash: s.txHash, blockHash: block.hash, blockNumber: block.number, finalized: true },
    namer(s.moduleErrors),
  );
}

/** The fee the block's TransactionFeePaid charged the extrinsic at `index`, read independently. */
function recordedFee(s: Scenario, index: number): bigint {
  const paid = blockOf(s).events.filter((r) => extrinsicIndex(r.phase) === index && r.event.method === 'TransactionFeePaid');
  expect(paid).toHaveLength(1);
  return BigInt(paid[0]!.event.data[1] as number);
}

describe('a stake through the Staking proxy', () => {
  const s = load('proxy-stake');

  it("decodes StakeAdded to the treasury, the action's hotkey, netuid and amount, with the fee", () => {
    const { inclusion, failure } = decode(s);
    expect(failure).toBeNull();
    expect(inclusion.failures).toBeUndefined();
    expect(inclusion.pendingApprovals).toBeUndefined();
    const [action] = s.actions;
    expect(inclusion.stakes).toEqual([
      {
        kind: 'added',
        coldkey: s.treasury,
        hotkey: action!.hotkey,
        netuid: action!.netuid,
        taoRao: BigInt(action!.amountRao),
        alpha: expect.any(BigInt),
        feeRao: expect.any(BigInt),
      },
    ]);
    // The pool's price was 1 TAO per alpha: the alpha received is a little under the TAO paid.
    const st = inclusion.stakes[0]!;
    expect(st.alpha).toBeGreaterThan(0n);
    expect(st.alpha).toBeLessThan(st.taoRao);
    expect(inclusion.feeRao).toBe(recordedFee(s, 1));
    expect(inclusion.feeRao).toBeGreaterThan(0n);
    expect(inclusion).toMatchObject({ txHash: s.txHash, blockNumber: blockOf(s).number });
  });

  it('counts only the events of its own extrinsic, not the timestamp inherent before it', () => {
    const block = blockOf(s);
    const inherent = decodeExtrinsicEvents(
      block.events,
      0,
      { txHash: '0x', blockHash: block.hash, blockNumber: block.number, finalized: true },
      namer(s.moduleErrors),
    );
    expect(inherent).toEqual({ inclusion: expect.objectContaining({ stakes: [], feeRao: 0n }), failure: null });
  });

  it('finds the extrinsic in its block by hash, and nothing for a hash the block lacks', async () => {
    const view = viewAt([blockOf(s)], namer(s.moduleErrors), blockOf(s).number);
    expect((await outcomeInBlock(view, blockOf(s).hash, s.txHash, false))?.inclusion).toMatchObject({
      finalized: false,
      stakes: [{ kind: 'added' }],
    });
    expect(await outcomeInBlock(view, blockOf(s).hash, `0x${'00'.repeat(32)}`, false)).toBeNull();
  });
});

describe('a batch_all of proxied stakes where one would pass its price limit', () => {
  const s = load('proxy-batch-slippage');

  it('lands action #0 and reports SlippageTooHigh, a price refusal, for action #1 only', () => {
    const { inclusion, failure } = decode(s);
    expect(failure).toBeNull();
    expect(inclusion.stakes.map((x) => [x.netuid, x.taoRao])).toEqual([[s.actions[0]!.netuid, BigInt(s.actions[0]!.amountRao)]]);
    expect(inclusion.failures).toEqual([
      {
        index: 1,
        error: {
          kind: 'module',
          name: 'SlippageTooHigh',
          priceRefusal: true,
          message: expect.stringMatching(/^SubtensorModule\.SlippageTooHigh/),
        },
      },
    ]);
    expect(inclusion.feeRao).toBe(recordedFee(s, 1));
  });
});

describe('a batch_all of proxied stakes that all fail', () => {
  it('fails the extrinsic as a whole with the first error, not as partial failures', () => {
    const s = load('proxy-batch-all-failed');
    expect(s.actions).toHaveLength(2);
    const { inclusion, failure } = decode(s);
    expect(failure).toMatchObject({ kind: 'module', name: 'HotKeyAccountNotExists' });
    expect(inclusion.failures).toBeUndefined();
    expect(inclusion.stakes).toEqual([]);
  });
});

describe('refusals inside a landed extrinsic', () => {
  it("fails a single proxied stake whose inner call failed, by the module error's name", () => {
    const { inclusion, failure } = decode(load('proxy-unregistered'));
    expect(failure).toMatchObject({ kind: 'module', name: 'HotKeyAccountNotExists', priceRefusal: false });
    expect(inclusion.failures).toBeUndefined();
    expect(inclusion.stakes).toEqual([]);
    // The proxy call itself succeeded, so its fee was paid.
    expect(inclusion.feeRao).toBeGreaterThan(0n);
  });

  it('names System.CallFiltered when the Staking proxy refuses a transfer', () => {
    expect(decode(load('proxy-call-filtered')).failure).toMatchObject({ kind: 'call-filtered', name: 'CallFiltered', priceRefusal: false });
  });

  it('fails a batch_all whose item failed (ExtrinsicFailed), with no stake left standing', () => {
    const { inclusion, failure } = decode(load('batch-all-failed'));
    expect(failure).toMatchObject({ kind: 'module', name: 'HotKeyAccountNotExists' });
    expect(inclusion.stakes).toEqual([]);
  });

  it('fails a batch_all whose item would pass its price limit (ExtrinsicFailed SlippageTooHigh) as a price refusal', () => {
    const s = load('batch-all-slippage');
    const { inclusion, failure } = decode(s);
    expect(failure).toMatchObject({ kind: 'module', name: 'SlippageTooHigh', priceRefusal: true });
    expect(inclusion.failures).toBeUndefined();
    expect(inclusion.stakes).toEqual([]);
    // Refused inside the block, the extrinsic still paid its fee.
    expect(inclusion.feeRao).toBe(recordedFee(s, 1));
  });

  it('says which call interrupted a utility.batch', () => {
    const s = load('batch-interrupted');
    const { inclusion, failure } = decode(s);
    expect(failure).toMatchObject({
      kind: 'module',
      name: 'HotKeyAccountNotExists',
      message: expect.stringMatching(/^batch call #1 failed: /),
    });
    // utility.batch is not atomic: the call before the interruption did land.
    expect(inclusion.stakes.map((x) => x.hotkey)).toEqual([s.actions[0]!.hotkey]);
  });

  it('reports the ItemFailed of a force_batch for that item only', () => {
    const s = load('force-batch');
    const { inclusion, failure } = decode(s);
    expect(failure).toBeNull();
    expect(inclusion.stakes.map((x) => x.hotkey)).toEqual([s.actions[0]!.hotkey]);
    expect(inclusion.failures).toEqual([{ index: 1, error: expect.objectContaining({ kind: 'module', name: 'HotKeyAccountNotExists' }) }]);
  });
});

describe('dispatch errors and codec JSON', () => {
  const names = namer({ '7:84': { section: 'subtensorModule', name: 'SlippageTooHigh', docs: '' } });

  it('names module errors by pallet and first error byte, and other variants by their type', () => {
    expect(dispatchFailure({ module: { index: 7, error: '0x54000000' } }, names)).toMatchObject({
      name: 'SlippageTooHigh',
      priceRefusal: true,
      message: 'SubtensorModule.SlippageTooHigh',
    });
    expect(dispatchFailure({ module: { index: 7, error: 84 } }, names).name).toBe('SlippageTooHigh');
    expect(dispatchFailure({ badOrigin: null }, names)).toMatchObject({
      kind: 'module',
      name: 'BadOrigin',
      message: 'dispatch error {"badOrigin":null}',
    });
    expect(dispatchFailure({ token: 'FundsUnavailable' }, names)).toMatchObject({ name: 'Token', priceRefusal: false });
    expect(() => dispatchFailure({ module: { index: 7, error: 'x' } }, names)).toThrow(/module error index/);
  });

  it('reads amounts as numbers, big-endian hex and decimal strings, and refuses anything else', () => {
    expect(jsonBigInt(164465, 'fee')).toBe(164465n);
    expect(jsonBigInt('0x00000000000000000de0b6b3a7640000', 'tao')).toBe(10n ** 18n);
    expect(jsonBigInt('18446744073709551615', 'tao')).toBe(2n ** 64n - 1n);
    expect(() => jsonBigInt(1.5, 'tao')).toThrow(/tao is not an integer amount/);
    expect(() => jsonBigInt(null, 'fee')).toThrow(/fee/);
  });

  it('reads enum JSON variants as the codec names them', () => {
    expect(enumVariant({ inBlock: '0xab' })).toEqual({ type: 'InBlock', value: '0xab' });
    expect(enumVariant('ready')).toEqual({ type: 'Ready', value: null });
    expect(enumVariant({ err: { module: {} } }).type).toBe('Err');
  });
});
