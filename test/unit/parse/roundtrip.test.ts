import fc from 'fast-check';
import { formatDecimal, formatTao } from '../../../src/domain/amount';
import { parseProposal } from '../../../src/domain/parse';
import { renderBlock, renderProse, type ProseStyle } from '../../../src/domain/parse/render';
import type { AllocationPlan } from '../../../src/domain/plan';
import { cadencesArb, durationArb, groupsArb, lockArb, phrasingArb, render, renderSentence } from './phrasings';

/** Splits 100.00% (10000 hundredths) into n positive parts. */
const percentParts = (n: number) =>
  fc.uniqueArray(fc.integer({ min: 1, max: 9999 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 10000];
    return points.slice(1).map((p, i) => p - points[i]!);
  });

const name = fc.stringMatching(/^[A-Z][a-z]{2,9}( [A-Z][a-z]{2,8})?$/);
const durations = ['P2M', 'P1M', 'P3M', 'P6W', 'P8W', 'P30D', 'P60D'];

const planArb: fc.Arbitrary<AllocationPlan> = fc
  .uniqueArray(fc.integer({ min: 0, max: 65535 }), { minLength: 1, maxLength: 6 })
  .chain((netuids) =>
    fc.record({
      netuids: fc.constant(netuids),
      parts: percentParts(netuids.length),
      names: fc.array(name, { minLength: netuids.length, maxLength: netuids.length }),
      // Totals in steps of 10^4 RAO keep every 0.01% share a whole number of RAO; at least
      // 2000 TAO keeps a 0.01% share's daily tranche above the chain minimum.
      totalSteps: fc.bigInt({ min: 200_000_000n, max: 100_000_000_000n }),
      duration: fc.constantFrom(...durations),
      cadences: fc.constantFrom('P1D', 'P1W', 'P1D P1W').map((c) => c.split(' ')),
      lock: fc.option(fc.constantFrom(...durations), { nil: null }),
    }),
  )
  .map(({ netuids, parts, names, totalSteps, duration, cadences, lock }) => {
    const totalRao = totalSteps * 10_000n;
    const allocations = netuids.map((netuid, i) => ({
      netuid,
      name: netuid === 0 ? 'Root' : names[i]!,
      percent: formatDecimal({ units: BigInt(parts[i]!), scale: 2 }),
      rao: (totalRao * BigInt(parts[i]!)) / 10000n,
      mode: netuid === 0 ? ('hold' as const) : ('dca' as const),
    }));
    const hasDca = allocations.some((a) => a.mode === 'dca');
    return {
      version: 1 as const,
      kind: 'allocation' as const,
      totalRao,
      allocations,
      dca: hasDca ? { duration, cadences } : null,
      lock: lock ? { duration: lock } : null,
      source: 'prose' as const,
      warnings: [],
    };
  });

const styleArb: fc.Arbitrary<ProseStyle> = fc.record({
  bullet: fc.constantFrom('-', '*', '•', '1.'),
  dash: fc.constantFrom('–', '—', '-', ':'),
  ref: fc.constantFrom('SN', 'Subnet ', 'Subnet-', 'netuid '),
  amount: fc.constantFrom('TAO', '$TAO', 'τ'),
  table: fc.boolean(),
});

describe('render → parse round trip', () => {
  it('prose written in any supported style parses back to the same plan', () => {
    fc.assert(
      fc.property(planArb, styleArb, (plan, style) => {
        const body = renderProse(plan, style);
        const r = parseProposal(body);
        if (!r.ok) throw new Error(`${JSON.stringify(r.errors)}\n${body}`);
        // The rendered title states the total, so the plan says it came from line 1.
        expect(r.value).toEqual({ ...plan, totalSource: { line: 1, text: expect.stringContaining(formatTao(plan.totalRao)) } });
      }),
      { numRuns: 200 },
    );
  });

  it('the suggested block parses back to the same plan, alone or under its prose', () => {
    fc.assert(
      fc.property(planArb, styleArb, (plan, style) => {
        const block = renderBlock(plan);
        expect(parseProposal(block)).toMatchObject({ ok: true, value: { ...plan, source: 'block' } });
        const both = parseProposal(`${renderProse(plan, style)}\n${block}\n`);
        if (!both.ok) throw new Error(JSON.stringify(both.errors));
        expect(both.value).toEqual({
          ...plan,
          source: 'block',
          totalSource: { line: expect.any(Number), text: `total: ${formatTao(plan.totalRao)} TAO` },
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('plans written the way members write them parse back', () => {
  it('several subnets per line, totals anywhere, durations as words, many lock and cadence phrasings', () => {
    fc.assert(
      fc.property(
        groupsArb,
        fc.bigInt({ min: 200_000_000n, max: 100_000_000_000n }),
        durationArb,
        cadencesArb,
        lockArb,
        phrasingArb,
        (groups, totalSteps, duration, cadences, lock, phrasing) => {
          const { body, plan } = render(groups, totalSteps, duration, cadences, lock, phrasing);
          const r = parseProposal(body);
          if (!r.ok) throw new Error(`${JSON.stringify(r.errors)}\n${body}`);
          expect(r.warnings).toEqual([]);
          expect(r.value).toEqual({
            ...plan,
            totalSource: { line: expect.any(Number), text: expect.stringContaining(formatTao(plan.totalRao)) },
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a whole plan in one sentence parses back', () => {
  it('with the total stated before it, or taken from the sum with a warning', () => {
    fc.assert(
      fc.property(
        groupsArb,
        fc.bigInt({ min: 200_000_000n, max: 100_000_000_000n }),
        durationArb,
        cadencesArb,
        lockArb,
        phrasingArb,
        fc.boolean(),
        (groups, totalSteps, duration, cadences, lock, phrasing, statedTotal) => {
          // Without a stated total every share needs its amount: the total is their sum.
          const shaped = statedTotal ? groups : groups.map((g) => (g.values === 'percent' ? { ...g, values: 'both' as const } : g));
          const { body, plan } = renderSentence(shaped, totalSteps, duration, cadences, lock, phrasing, statedTotal);
          const r = parseProposal(body);
          if (!r.ok) throw new Error(`${JSON.stringify(r.errors)}\n${body}`);
          const totalSource = statedTotal
            ? { line: 1, text: expect.stringContaining(`${formatTao(plan.totalRao)} TAO`) }
            : { lines: [1, 1], text: 'sum of line 1' };
          expect(r.value).toEqual({
            ...plan,
            totalSource,
            warnings: statedTotal ? [] : [expect.stringMatching(/no total is stated; the total is taken as the sum of line 1/)],
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

const fragments = [
  '# Allocation of 884 TAO',
  'Total: 100 TAO',
  '- Root Subnet (75% = 663 TAO)',
  '- SN51 – Celium (5% = 44.2 TAO)',
  '| Subnet | Share |',
  '|---|---|',
  '| SN8 | 50% |',
  'Purchases daily or weekly over a 2-month DCA schedule.',
  'Locked in for 2 months.',
  'SNl9 (5%)',
  '```govbridge',
  '```',
  'kind: allocation',
  'allocations:',
  '  - { netuid: 1, percent: 100, amount: 10 TAO, mode: dca }',
  '> ',
  '* ',
  '\u200b',
  '~5.525-11.05 TAO weekly per subnet',
  '',
];

describe('hostile mixes', () => {
  it('never throw, and any plan they yield is internally consistent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 10 })), {
          maxLength: 30,
        }),
        (parts) => {
          const r = parseProposal(parts.join('\n'));
          if (!r.ok) {
            expect(r.errors.length).toBeGreaterThan(0);
            return;
          }
          if (r.value.kind !== 'allocation') return;
          const plan = r.value;
          expect(plan.allocations.reduce((s, a) => s + a.rao, 0n)).toBe(plan.totalRao);
          expect(new Set(plan.allocations.map((a) => a.netuid)).size).toBe(plan.allocations.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
