/**
 * Multisig tracking on a recorded 2-of-3 approval (scripts/chain/record-fixtures.ts): who approves
 * next and how, and what each step's events say about the stake.
 */
import { encodeAddress } from '@polkadot/util-crypto';
import { decodeExtrinsicEvents } from '../../../src/chain/subtensor/outcome';
import { multisigAddress, multisigDecision, type PendingMultisigJson } from '../../../src/chain/subtensor/multisig';
import { blockOf, load, namer, type RecordedAction, type RecordedSend } from './recorded';

interface MultisigRecording {
  signatories: [string, string, string];
  threshold: number;
  multisig: string;
  actions: RecordedAction[];
  pendingBefore: PendingMultisigJson | null;
  pendingAfterFirst: PendingMultisigJson | null;
  firstExecutes: boolean;
  secondExecutes: boolean;
  approve: RecordedSend;
  execute: RecordedSend;
  executeFailed: RecordedSend;
  moduleErrors: Record<string, { section: string; name: string; docs: string }>;
}

const m = load<MultisigRecording>('multisig');
const [govbridge, bob, charlie] = m.signatories;

function decode(sent: RecordedSend) {
  const block = blockOf(sent);
  const index = block.extrinsicHashes.indexOf(sent.txHash);
  expect(index).toBeGreaterThan(0);
  return decodeExtrinsicEvents(
    block.events,
    index,
    { txHash: sent.txHash, blockHash: block.hash, blockNumber: block.number, finalized: true },
    namer(m.moduleErrors),
  );
}

describe('multisig decisions on the recorded pending state', () => {
  it('derives the recorded multisig account from the signatories and threshold', () => {
    expect(multisigAddress(m.signatories, m.threshold, 42)).toBe(m.multisig);
    expect(multisigAddress([charlie, govbridge, bob], m.threshold, 42)).toBe(m.multisig);
    expect(multisigAddress(m.signatories, 3, 42)).not.toBe(m.multisig);
  });

  it('approves by hash first, without a timepoint, as the runtime accepted', () => {
    expect(m.pendingBefore).toBeNull();
    const first = multisigDecision(m.pendingBefore, govbridge, m.threshold, 42);
    expect(first).toEqual({ executes: false, timepoint: null });
    expect(m.firstExecutes).toBe(false);
  });

  it("refuses to approve twice, and lets the next signer execute at the first approval's timepoint", () => {
    const pending = m.pendingAfterFirst;
    expect(pending?.approvals).toEqual([govbridge]);
    expect(multisigDecision(pending, govbridge, m.threshold, 42)).toEqual({ alreadyApproved: true });
    const second = multisigDecision(pending, bob, m.threshold, 42);
    expect(second).toEqual({ executes: true, timepoint: { height: pending!.when.height, index: pending!.when.index } });
    expect(m.secondExecutes).toBe(true);
    // The first approval was the extrinsic the timepoint names.
    expect(pending!.when.height).toBe(blockOf(m.approve).number);
    expect(blockOf(m.approve).extrinsicHashes[pending!.when.index]).toBe(m.approve.txHash);
    // With a threshold of 3, the second approval only approves.
    expect(multisigDecision(pending, bob, 3, 42)).toMatchObject({ executes: false });
  });

  it('compares approvals as accounts, whatever SS58 prefix they were written with', () => {
    const pending = { ...m.pendingAfterFirst!, approvals: [encodeAddress(govbridge, 0)] };
    expect(pending.approvals[0]).not.toBe(govbridge);
    expect(multisigDecision(pending, govbridge, 2, 42)).toEqual({ alreadyApproved: true });
    expect(multisigDecision(pending, bob, 2, 42)).toMatchObject({ executes: true });
  });
});

describe('multisig events', () => {
  it('marks the first approval as waiting for approvals, with nothing staked', () => {
    const { inclusion, failure } = decode(m.approve);
    expect(failure).toBeNull();
    expect(inclusion.pendingApprovals).toBe(true);
    expect(inclusion.stakes).toEqual([]);
    expect(inclusion.feeRao).toBeGreaterThan(0n);
  });

  it('decodes the executing approval to the stake from the multisig account', () => {
    const { inclusion, failure } = decode(m.execute);
    expect(failure).toBeNull();
    expect(inclusion.pendingApprovals).toBeUndefined();
    const [a] = m.actions;
    expect(inclusion.stakes).toEqual([
      expect.objectContaining({ kind: 'added', coldkey: m.multisig, hotkey: a!.hotkey, netuid: a!.netuid, taoRao: BigInt(a!.amountRao) }),
    ]);
  });

  it('fails an executed multisig call whose inner call failed, by the error MultisigExecuted carries', () => {
    const { inclusion, failure } = decode(m.executeFailed);
    expect(failure).toMatchObject({ kind: 'module', name: 'HotKeyAccountNotExists', priceRefusal: false });
    expect(inclusion.pendingApprovals).toBeUndefined();
    expect(inclusion.stakes).toEqual([]);
  });
});
