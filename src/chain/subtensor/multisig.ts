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

/** `multisig.multisigs(account, callHash)` as `toJSON()`: null when no approval is pending. */
export interface PendingMultisigJson {
  when: { height: number; index: number };
  approvals: string[];
}

export type MultisigDecision = { alreadyApproved: true } | { executes: boolean; timepoint: { height: number; index: number } | null };

/**
 * The next step for `signer`: nothing when it already approved, the executing `as_multi` when
 * its approval completes the threshold, else `approve_as_multi`. The first approval has no
 * timepoint; later ones must name the block and index of the first.
 */
export function multisigDecision(
  pending: PendingMultisigJson | null,
  signer: string,
  threshold: number,
  ss58Format: number,
): MultisigDecision {
  const approvals = pending ? pending.approvals.map((a) => encodeAddress(a, ss58Format)) : [];
  if (approvals.includes(encodeAddress(signer, ss58Format))) return { alreadyApproved: true };
  const timepoint = pending ? { height: Number(pending.when.height), index: Number(pending.when.index) } : null;
  return { executes: approvals.length + 1 >= threshold, timepoint };
}

export type MultisigStep = { tx: Tx; executes: boolean } | { alreadyApproved: true };

export async function multisigStep(api: ApiPromise, call: Tx, signer: string, others: string[], threshold: number): Promise<MultisigStep> {
  const ss58 = api.registry.chainSS58 ?? 42;
  const sortedOthers = sortAddresses(others, ss58);
  const multi = multisigAddress([signer, ...others], threshold, ss58);
  const callHash = call.method.hash.toHex();
  const pending = (await queryFn(api, 'multisig', 'multisigs')(multi, callHash)).toJSON() as PendingMultisigJson | null;
  const step = multisigDecision(pending, signer, threshold, ss58);
  if ('alreadyApproved' in step) return step;
  const info = await call.paymentInfo(signer);
  const weight = info.weight;
  if (step.executes) {
    return { tx: txFn(api, 'multisig', 'asMulti')(threshold, sortedOthers, step.timepoint, call.method, weight), executes: true };
  }
  return { tx: txFn(api, 'multisig', 'approveAsMulti')(threshold, sortedOthers, step.timepoint, callHash, weight), executes: false };
}
