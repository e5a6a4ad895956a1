import { formatTao } from '../amount';
import { parseIsoDuration } from '../duration';
import type { Allocation, AllocationPlan } from '../plan';
import { cadenceWord } from './validate';

/**
 * Writes a plan back out: as the ```govbridge block that `lint` suggests, and as prose in the
 * shapes the reader understands (the property tests parse it back and expect the same plan).
 */
const yamlString = (s: string) => (/^[A-Za-z][A-Za-z0-9 ._-]*$/.test(s) && !/ $/.test(s) ? s : JSON.stringify(s));

export function renderBlock(plan: AllocationPlan): string {
  const rows = plan.allocations.map(
    (a) =>
      `  - { netuid: ${a.netuid}, name: ${yamlString(a.name)}, percent: ${a.percent}, amount: ${formatTao(a.rao)} TAO, mode: ${a.mode} }`,
  );
  const lines = ['```govbridge', 'version: 1', 'kind: allocation', `total: ${formatTao(plan.totalRao)} TAO`, 'allocations:', ...rows];
  if (plan.dca) lines.push(`dca: { duration: ${plan.dca.duration}, cadence: [${plan.dca.cadences.join(', ')}] }`);
  if (plan.lock) lines.push(`lock: { duration: ${plan.lock.duration} }`);
  lines.push('```');
  return lines.join('\n');
}

export interface ProseStyle {
  bullet: '-' | '*' | '•' | '1.';
  dash: '–' | '—' | '-' | ':';
  ref: 'SN' | 'Subnet ' | 'Subnet-' | 'netuid ';
  amount: 'TAO' | '$TAO' | 'τ';
  table: boolean;
}

export const DEFAULT_STYLE: ProseStyle = { bullet: '-', dash: '–', ref: 'SN', amount: 'TAO', table: false };

const UNIT_WORDS: Record<string, string> = { Y: 'year', M: 'month', W: 'week', D: 'day' };

/** "P2M" → "2-month" (adjective) or "2 months"; durations with several parts stay ISO. */
export function durationWords(iso: string, adjective: boolean): string {
  const p = parseIsoDuration(iso);
  if (!p.ok) return iso;
  const parts = (['Y', 'M', 'W', 'D'] as const)
    .map((u) => [u, { Y: p.value.years, M: p.value.months, W: p.value.weeks, D: p.value.days }[u]] as const)
    .filter(([, n]) => n > 0);
  if (parts.length !== 1) return iso;
  const [unit, n] = parts[0]!;
  const word = UNIT_WORDS[unit]!;
  return adjective ? `${n}-${word}` : `${n} ${word}${n === 1 ? '' : 's'}`;
}

function amountText(rao: bigint, style: ProseStyle): string {
  const t = formatTao(rao);
  return style.amount === 'τ' ? `τ${t}` : `${t} ${style.amount}`;
}

function allocationLine(a: Allocation, style: ProseStyle, i: number): string {
  const bullet = style.bullet === '1.' ? `${i + 1}.` : style.bullet;
  const ref = a.netuid === 0 ? 'Root Subnet' : `${style.ref}${a.netuid}`;
  const name = a.netuid === 0 ? '' : ` ${style.dash} ${a.name}`;
  return `${bullet} ${ref}${name} (${a.percent}% = ${amountText(a.rao, style)}): ${a.mode === 'hold' ? 'stays staked at root' : 'bought over the DCA window'}.`;
}

function allocationTable(plan: AllocationPlan, style: ProseStyle): string[] {
  const rows = plan.allocations.map(
    (a) => `| ${a.netuid === 0 ? 'Root' : `${style.ref.trim()}${a.netuid}`} | ${a.name} | ${a.percent}% | ${amountText(a.rao, style)} |`,
  );
  return ['| Subnet | Name | Share | Amount |', '|---|---|---|---|', ...rows];
}

export function renderProse(plan: AllocationPlan, style: ProseStyle = DEFAULT_STYLE): string {
  const lines = [`# Treasury allocation of ${amountText(plan.totalRao, style)}`, '', 'We propose to stake the treasury as follows:', ''];
  lines.push(...(style.table ? allocationTable(plan, style) : plan.allocations.map((a, i) => allocationLine(a, style, i))), '');
  if (plan.dca) {
    lines.push(`Subnet shares are bought over a ${durationWords(plan.dca.duration, true)} DCA schedule.`, '');
    lines.push(`Purchases will be executed on a ${plan.dca.cadences.map(cadenceWord).join(' or ')} basis.`, '');
  }
  if (plan.lock) lines.push(`The strategy is locked in for ${durationWords(plan.lock.duration, false)}.`, '');
  return lines.join('\n');
}
