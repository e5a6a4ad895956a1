import { blake2AsHex, blake2AsU8a, encodeAddress } from '@polkadot/util-crypto';

/**
 * Deterministic placeholder SS58 addresses for the dry-run chain (generic prefix 42). They
 * belong to no key: nothing signed with them could ever reach a real chain.
 */
export function placeholderAddress(label: string): string {
  return encodeAddress(blake2AsU8a(`govbridge-dry-run:${label}`), 42);
}

/** The hotkey the dry-run chain uses for a netuid when the configuration names none. */
export function placeholderHotkey(netuid: number): string {
  return placeholderAddress(`hotkey-${netuid}`);
}

export function simHash(...parts: (string | number | bigint)[]): string {
  return blake2AsHex(parts.map(String).join('|'));
}
