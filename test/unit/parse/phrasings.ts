import fc from 'fast-check';
import { formatDecimal, formatTao } from '../../../src/domain/amount';
import type { Allocation, AllocationPlan } from '../../../src/domain/plan';

/**
 * Random plans written the way members write them: several subnets on one line in
 * each supported form, the total before, after or inside the list, durations as words or
 * numbers, and many lock and cadence phrasings. `render` returns the body and the plan it must
 * parse back to.
 */
const WORDS: Record<number, string> = {
  1: 'one',
  2: 'two',
  3: 'three',
  4: 'four',
  6: 'six',
  8: 'eight',
  10: 'ten',
  30: 'thirty',
  45: 'forty-five',
  60: 'sixty',
  90: 'ninety',
};
const UNIT: Record<string, string> = { M: 'month', W: 'week', D: 'day' };
const DURATIONS = ['P1M', 'P2M', 'P3M', 'P6W', 'P8W', 'P10W', 'P30D', 'P45D', 'P60D', 'P90D'];

export interface Group {
  netuids: number[];
  /** Hundredths of a percent, for each subnet of the group. */
  part: number;
  form: 'each-into' | 'colon-each' | 'list-after' | 'slashes' | 'paren-each' | 'single';
  values: 'both' | 'percent' | 'amount';
  names: boolean;
}

export interface Phrasing {
  total: 'title' | 'before' | 'after' | 'inside' | 'possessive';
  ref: 'SN' | 'Subnet ';
  durationWords: boolean;
  dcaForm: number;
  cadenceForm: number;
  lockForm: number;
  lockWords: boolean;
}

function words(iso: string, asWords: boolean, adjective = false): string {
  const m = /^P(\d+)([MWD])$/.exec(iso)!;
  const n = Number(m[1]);
  const num = asWords && WORDS[n] ? WORDS[n] : String(n);
  const unit = UNIT[m[2]!]!;
  return adjective ? `${num}-${unit}` : `${num} ${unit}${n === 1 ? '' : 's'}`;
}

const pct = (part: number) => formatDecimal({ units: BigInt(part), scale: 2 });
const nameOf = (netuid: number) => `Net${netuid.toString(36)}`.replace(/\d/g, 'x');

function refText(netuid: number, p: Phrasing, named: boolean): string {
  if (netuid === 0) return 'Root';
  return `${p.ref}${netuid}${named ? ` (${nameOf(netuid)})` : ''}`;
}

function valueText(g: Group, rao: bigint): string {
  if (g.values === 'percent') return `${pct(g.part)}%`;
  if (g.values === 'amount') return `${formatTao(rao)} TAO`;
  return `${pct(g.part)}% (${formatTao(rao)} TAO)`;
}

const list = (refs: string[]) =>
  refs.length === 2 ? `${refs[0]} and ${refs[1]}` : `${refs.slice(0, -1).join(', ')} and ${refs[refs.length - 1]}`;

function groupLine(g: Group, rao: bigint, p: Phrasing): string {
  const refs = g.netuids.map((n) => refText(n, p, g.names));
  const v = valueText(g, rao);
  switch (g.form) {
    case 'single':
      return `- ${g.netuids[0] === 0 ? 'Root Subnet' : `${p.ref}${g.netuids[0]} – ${nameOf(g.netuids[0]!)}`} (${g.values === 'both' ? `${pct(g.part)}% = ${formatTao(rao)} TAO` : v})`;
    case 'each-into':
      return `- ${v} each into ${list(refs)}`;
    case 'colon-each':
      return `- ${refs.join(', ')}: ${v} each`;
    case 'list-after':
      return `- Subnets at ${v} each: ${list(refs)}`;
    case 'slashes':
      return `- ${g.netuids.map((n) => refText(n, p, false)).join('/')} — ${v} each`;
    case 'paren-each':
      return `- ${list(refs)} (${g.values === 'both' ? `${pct(g.part)}% = ${formatTao(rao)} TAO` : v} each)`;
  }
}

const DCA_FORMS = [
  (d: string, w: boolean) => `Subnet shares are bought over a ${words(d, w, true)} DCA schedule.`,
  (d: string, w: boolean) => `The DCA runs for ${words(d, w)}.`,
  (d: string, w: boolean) => `DCA over ${words(d, w)}.`,
];
const CADENCE_WORD: Record<string, string[]> = {
  P1D: ['daily', 'every day', 'once per day'],
  P1W: ['weekly', 'every week', 'every 7 days'],
};
const CADENCE_FORMS = [
  (c: string[]) => `Purchases will be executed on a ${c.map((x) => CADENCE_WORD[x]![0]).join(' or ')} basis.`,
  (c: string[]) => `Purchases are made ${c.map((x) => CADENCE_WORD[x]![0]).join(' or ')}.`,
  (c: string[]) => `Tranches are bought ${c.map((x) => CADENCE_WORD[x]![1]).join(' or ')}.`,
  (c: string[]) => `Buys happen ${c.map((x) => CADENCE_WORD[x]![2]).join(' or ')}.`,
];
const LOCK_FORMS = [
  (d: string) => `The strategy is locked in for ${d}.`,
  (d: string) => `No changes for ${d} except via an emergency proposal.`,
  (d: string) => `The allocation cannot be modified for ${d}.`,
  (d: string) => `The plan is frozen for ${d}.`,
  (d: string) => `The allocation is held for the full ${d}; only an emergency vote may alter it.`,
  (d: string) => `Lock-up: ${d}.`,
  (d: string) => `The plan may not be altered for ${d}, except through an emergency proposal.`,
];
/** Phrasings that tie the lock to the DCA: usable only when the lock equals the DCA duration. */
const LOCK_TO_DCA = [
  'The plan is frozen until the end of the DCA window.',
  'No interim votes or changes until the DCA ends.',
  'The strategy cannot be changed for the full DCA period.',
];

export function render(
  groups: Group[],
  totalSteps: bigint,
  duration: string,
  cadences: string[],
  lock: string | null,
  p: Phrasing,
): { body: string; plan: AllocationPlan } {
  const totalRao = totalSteps * 10_000n;
  const allocations: Allocation[] = [];
  const lines: string[] = [];
  for (const g of groups) {
    const rao = (totalRao * BigInt(g.part)) / 10000n;
    lines.push(groupLine(g, rao, p));
    for (const n of g.netuids) {
      const name = n === 0 ? 'Root' : g.form === 'single' ? nameOf(n) : g.names ? nameOf(n) : `SN${n}`;
      allocations.push({ netuid: n, name, percent: pct(g.part), rao, mode: n === 0 ? 'hold' : 'dca' });
    }
  }
  const total = `Total: ${formatTao(totalRao)} TAO`;
  const body: string[] = [p.total === 'title' ? `# Treasury allocation of ${formatTao(totalRao)} TAO` : '# Treasury plan', ''];
  if (p.total === 'before') body.push(total, '');
  if (p.total === 'possessive') body.push(`ROKO DAO will allocate the DAO's ${formatTao(totalRao)} TAO stake as follows:`, '');
  if (p.total === 'inside') body.push(lines[0]!, `- ${total}`, ...lines.slice(1), '');
  else body.push(...lines, '');
  if (p.total === 'after') body.push(total, '');
  const hasDca = allocations.some((a) => a.mode === 'dca');
  if (hasDca)
    body.push(
      DCA_FORMS[p.dcaForm % DCA_FORMS.length]!(duration, p.durationWords),
      '',
      CADENCE_FORMS[p.cadenceForm % CADENCE_FORMS.length]!(cadences),
      '',
    );
  const effectiveLock = lock === 'dca' ? (hasDca ? duration : null) : lock;
  if (lock === 'dca' && hasDca) body.push(LOCK_TO_DCA[p.lockForm % LOCK_TO_DCA.length]!, '');
  else if (effectiveLock) body.push(LOCK_FORMS[p.lockForm % LOCK_FORMS.length]!(words(effectiveLock, p.lockWords)), '');
  const plan: AllocationPlan = {
    version: 1,
    kind: 'allocation',
    totalRao,
    allocations,
    dca: hasDca ? { duration, cadences } : null,
    lock: effectiveLock ? { duration: effectiveLock } : null,
    source: 'prose',
    warnings: [],
  };
  return { body: body.join('\n'), plan };
}

/**
 * The whole plan in one sentence: "75% (663 TAO) stays at root and 5% (44.2 TAO) each goes into
 * SN51, SN64 … by daily or weekly DCA over two months; the plan is locked for two months,
 * changeable only by an emergency proposal." With `statedTotal` false no total is written, and
 * the parser must take the sum of the line (with a warning).
 */
export function renderSentence(
  groups: Group[],
  totalSteps: bigint,
  duration: string,
  cadences: string[],
  lock: string | null,
  p: Phrasing,
  statedTotal: boolean,
): { body: string; plan: AllocationPlan } {
  const { plan } = render(groups, totalSteps, duration, cadences, null, p);
  const clauses = groups.map((g) => {
    const rao = (plan.totalRao * BigInt(g.part)) / 10000n;
    const v = valueText(g, rao);
    if (g.form === 'single') return g.netuids[0] === 0 ? `${v} stays at root` : `${v} goes to ${refText(g.netuids[0]!, p, false)}`;
    return `${v} each goes into ${list(g.netuids.map((n) => refText(n, p, g.names)))}`;
  });
  const hasDca = plan.dca !== null;
  const effectiveLock = lock === 'dca' ? null : lock;
  let sentence = clauses.join(' and ');
  if (hasDca) sentence += ` by ${cadences.map((c) => CADENCE_WORD[c]![0]).join(' or ')} DCA over ${words(duration, p.durationWords)}`;
  if (effectiveLock) sentence += `; the plan is locked for ${words(effectiveLock, p.lockWords)}, changeable only by an emergency proposal`;
  const lead = statedTotal ? `Of our ${formatTao(plan.totalRao)} TAO treasury: ` : '';
  const allocations = plan.allocations.map((a) =>
    groups.find((g) => g.netuids.includes(a.netuid))!.form === 'single' && a.netuid !== 0 ? { ...a, name: `SN${a.netuid}` } : a,
  );
  return { body: `${lead}${sentence}.\n`, plan: { ...plan, allocations, lock: effectiveLock ? { duration: effectiveLock } : null } };
}

const FORMS: Group['form'][] = ['each-into', 'colon-each', 'list-after', 'slashes', 'paren-each'];

/** Groups of subnets whose shares sum to exactly 100%: some several-subnet lines, then one single line taking the rest. */
export const groupsArb: fc.Arbitrary<Group[]> = fc
  .array(fc.integer({ min: 2, max: 4 }), { maxLength: 3 })
  .chain((sizes) => {
    const members = sizes.reduce((s, x) => s + x, 0);
    const maxPart = Math.floor(5000 / Math.max(1, members));
    return fc.record({
      sizes: fc.constant(sizes),
      netuids: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: members + 1, maxLength: members + 1 }),
      parts: fc.array(fc.integer({ min: 1, max: maxPart }), { minLength: sizes.length, maxLength: sizes.length }),
      forms: fc.array(fc.constantFrom(...FORMS), { minLength: sizes.length, maxLength: sizes.length }),
      values: fc.array(fc.constantFrom('both' as const, 'percent' as const, 'amount' as const), {
        minLength: sizes.length + 1,
        maxLength: sizes.length + 1,
      }),
      names: fc.array(fc.boolean(), { minLength: sizes.length, maxLength: sizes.length }),
      rootRest: fc.boolean(),
      restFirst: fc.boolean(),
    });
  })
  .map(({ sizes, netuids, parts, forms, values, names, rootRest, restFirst }) => {
    let at = 0;
    const groups: Group[] = sizes.map((size, i) => {
      const g: Group = {
        netuids: netuids.slice(at, at + size),
        part: parts[i]!,
        form: forms[i]!,
        values: values[i]!,
        names: names[i]! && forms[i] !== 'slashes',
      };
      at += size;
      return g;
    });
    const used = groups.reduce((s, g) => s + g.part * g.netuids.length, 0);
    const rest: Group = {
      netuids: [rootRest ? 0 : netuids[at]!],
      part: 10000 - used,
      form: 'single',
      values: values[sizes.length]!,
      names: false,
    };
    return restFirst ? [rest, ...groups] : [...groups, rest];
  });

export const phrasingArb: fc.Arbitrary<Phrasing> = fc.record({
  total: fc.constantFrom('title' as const, 'before' as const, 'after' as const, 'inside' as const, 'possessive' as const),
  ref: fc.constantFrom('SN' as const, 'Subnet ' as const),
  durationWords: fc.boolean(),
  dcaForm: fc.nat(),
  cadenceForm: fc.nat(),
  lockForm: fc.nat(),
  lockWords: fc.boolean(),
});

export const durationArb = fc.constantFrom(...DURATIONS);
export const cadencesArb: fc.Arbitrary<string[]> = fc.constantFrom(['P1D'], ['P1W'], ['P1D', 'P1W']);
export const lockArb = fc.option(fc.oneof(fc.constantFrom(...DURATIONS), fc.constant('dca')), { nil: null });
