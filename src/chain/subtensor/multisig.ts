/**
 * Multisig authority (docs/design.md §6): govbridge is one signer of the treasury multisig. Until the
 * threshold is one approval away it approves by call hash (`approve_as_multi`); the approval
 * that completes the threshold carries the call (`as_multi`) and executes it.
 */
import type { ApiPromise } from '@polkadot/api';
import { createKeyMulti, encodeAddress, sortAddresses } from '@polkadot/util-crypto';
import { queryFn, txFn, type Tx } from './metadata';

export function multisigAddress(signatories: string[], threshold: number, ss58Format: number): string {
  return encodeAddress(createKeyMulti(signatories, threshold), ss58Format);
}

interface PendingMultisig {
  when: { height: unknown; index: unknown };
  approvals: { toString(): string }[];
}

export type MultisigStep = { tx: Tx; executes: boolean } | { alreadyApproved: true };

export async function multisigStep(
  api: ApiPromise,
  call: Tx,
  signer: string,
  others: string[],
  threshold: number,
): Promise<MultisigStep> {
  const ss58 = api.registry.chainSS58 ?? 42;
  const sortedOthers = sortAddresses(others, ss58);
  const multi = multisigAddress([signer, ...others], threshold, ss58);
  const callHash = call.method.hash.toHex();
  const opt = (await queryFn(api, 'multisig', 'multisigs')(multi, callHash)) as unknown as {
    isSome: boolean;
    unwrap(): PendingMultisig;
  };
  const pending = opt.isSome ? opt.unwrap() : null;
  const approvals = pending ? pending.approvals.map((a) => a.toString()) : [];
  if (approvals.includes(encodeAddress(signer, ss58))) return { alreadyApproved: true };
  const timepoint = pending ? { height: pending.when.height, index: pending.when.index } : null;
  const info = await call.paymentInfo(signer);
  const weight = info.weight;
  if (approvals.length + 1 >= threshold) {
    return { tx: txFn(api, 'multisig', 'asMulti')(threshold, sortedOthers, timepoint, call.method, weight), executes: true };
  }
  return { tx: txFn(api, 'multisig', 'approveAsMulti')(threshold, sortedOthers, timepoint, callHash, weight), executes: false };
}
