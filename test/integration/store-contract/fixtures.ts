/** Inputs shared by the store contract suites: the same values on every backend. */
import type { Inclusion, PreparedTx } from '../../../src/chain/port';
import type { LedgerEntry } from '../../../src/store/ledger';
import type { AuditInput } from '../../../src/store/audit';
import type { ProposalRecord } from '../../../src/domain/proposal';
import { seedRecord } from '../../helpers/records';

export const T0 = new Date('2025-03-01T00:00:00Z');
/** `minutes` after T0: every timestamp of the suites is fixed, so two backends see the same ones. */
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

/** 21 million TAO in RAO times 10^6: far above 2^63, where a 64-bit integer or a double would lose it. */
export const HUGE = 21_000_000_000_000_000_000n;
/** The largest value NUMERIC(39, 0) and a 128-bit signed integer both hold: 2^127 - 1. */
export const HUGEST = 2n ** 127n - 1n;

export const entry = (over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  planId: 'plan-a',
  kind: 'tranche',
  netuid: 51,
  trancheIndex: 0,
  action: 'addStakeLimit',
  hotkey: '5HotkeyA',
  amount: 749_152_542n,
  price: 1_234_567_890n,
  limitPrice: 1_300_000_000n,
  ...over,
});

export const tx = (n: number): PreparedTx => ({
  txHash: `0x${n.toString(16).padStart(64, '0')}`,
  callHash: `0xc${n}`,
  signer: '5Signer',
  nonce: n,
  eraBlock: 1000 + n,
  validUntilBlock: 1064 + n,
  actions: [],
});

export const inclusion = (t: PreparedTx, over: Partial<Inclusion> = {}): Inclusion => ({
  txHash: t.txHash,
  blockHash: `0xb${t.nonce}`,
  blockNumber: 2000 + t.nonce,
  finalized: true,
  feeRao: HUGE + 7n,
  stakes: [],
  ...over,
});

/** Audit inputs touching every field: nulls, bigint and nested data, a reason, unicode. */
export const auditInputs = (n: number): AuditInput[] =>
  Array.from({ length: n }, (_, i) => ({
    actor: i % 2 ? 'executor' : 'ops:5Ops',
    action: i % 3 ? 'ledger.submitted' : 'plan.accepted',
    planId: i % 4 === 3 ? null : `plan-${i % 2}`,
    proposalId: i % 2 ? `0xprop${i}` : null,
    reason: i % 5 === 4 ? `why ${i}: “quoted” — ünïcode` : null,
    data: i % 3 === 2 ? undefined : { i, amount: HUGE + BigInt(i), nested: { list: [1, 'two', null], flag: i % 2 === 0 } },
  }));

const SPACE = 'rokonetwork.eth';
export { SPACE };

/** A proposal of the seed's space, final unless `over` says otherwise. */
export const proposal = (n: number, over: Partial<ProposalRecord> = {}): ProposalRecord =>
  seedRecord({
    id: `0x${n.toString(16).padStart(64, 'a')}`,
    title: `Proposal ${n}`,
    end: 1_740_000_000 + n * 3600,
    ...over,
  });
