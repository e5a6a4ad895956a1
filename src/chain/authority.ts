/**
 * Whether govbridge's key may act for the treasury (docs/design.md §6), decided from facts read off the
 * chain. Least privilege first: in proxy mode only a `Staking` proxy is accepted (`Any` only when
 * the operator explicitly allows it). Each problem is a sentence that says what to fix.
 */
import type { AuthorityReport } from './port';

export interface AuthorityFacts {
  mode: 'proxy' | 'multisig' | 'direct';
  signer: string;
  /** Configured treasury; null when not configured. */
  treasury: string | null;
  allowAnyProxy: boolean;
  /** Proxies the treasury has on chain (proxy mode). */
  treasuryProxies: { delegate: string; proxyType: string; delay: number }[];
  /** The multisig account of signer + other signatories at the threshold (multisig mode). */
  multisigAccount?: string;
  otherSignatories: string[];
  threshold: number;
  hotkeys: { netuid: number; hotkey: string; subnetExists: boolean; registered: boolean }[];
}

function proxyProblems(f: AuthorityFacts, treasury: string): string[] {
  const mine = f.treasuryProxies.filter((p) => p.delegate === f.signer);
  if (mine.some((p) => p.proxyType === 'Staking' && p.delay === 0)) return [];
  if (mine.some((p) => p.proxyType === 'Any' && p.delay === 0)) {
    return f.allowAnyProxy
      ? []
      : [
          `The treasury ${treasury} gives govbridge's key ${f.signer} an Any proxy, which can also transfer funds: add a Staking proxy (proxy.add_proxy(${f.signer}, Staking, 0)) and remove the Any one, or set chain.authority.allowAnyProxy to accept it.`,
        ];
  }
  if (mine.some((p) => p.delay > 0)) {
    return [
      `govbridge's key ${f.signer} is a proxy of the treasury ${treasury} only with an announcement delay: add a Staking proxy with delay 0.`,
    ];
  }
  const other = mine.map((p) => p.proxyType).join(', ');
  return [
    `govbridge's key ${f.signer} is not a Staking proxy of the treasury ${treasury}${other ? ` (it has ${other})` : ''}: have the treasury call proxy.add_proxy(${f.signer}, Staking, 0).`,
  ];
}

export function authorityProblems(f: AuthorityFacts): AuthorityReport {
  const problems: string[] = [];
  const treasury = f.treasury ?? '';
  if (f.mode !== 'direct' && !f.treasury)
    problems.push(`chain.authority.treasury is not set: set it to the treasury's SS58 address for ${f.mode} mode.`);
  if (f.mode === 'proxy' && f.treasury) problems.push(...proxyProblems(f, f.treasury));
  if (f.mode === 'multisig') {
    if (f.otherSignatories.length === 0)
      problems.push("chain.authority.otherSignatories is empty: list the treasury multisig's other signers.");
    if (f.threshold > f.otherSignatories.length + 1) {
      problems.push(
        `chain.authority.threshold ${f.threshold} exceeds the ${f.otherSignatories.length + 1} signatories: lower it or add signatories.`,
      );
    }
    if (f.treasury && f.multisigAccount && f.multisigAccount !== f.treasury) {
      problems.push(
        `The multisig of govbridge's key ${f.signer} with ${f.otherSignatories.length} other signatories at threshold ${f.threshold} is ${f.multisigAccount}, not the treasury ${f.treasury}: fix chain.authority.otherSignatories / threshold or the signer seed.`,
      );
    }
  }
  for (const h of f.hotkeys) {
    if (!h.subnetExists) problems.push(`Subnet ${h.netuid} does not exist on this chain: check the plan's netuid ${h.netuid}.`);
    else if (!h.registered) {
      problems.push(
        `Hotkey ${h.hotkey} is not registered on subnet ${h.netuid}: set chain.hotkeys["${h.netuid}"] to a validator registered there.`,
      );
    }
  }
  return { mode: f.mode, signer: f.signer, treasury: f.mode === 'direct' ? (f.treasury ?? f.signer) : treasury, problems };
}
