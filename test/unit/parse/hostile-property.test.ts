import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseProposal, type ParseResult } from '../../../src/domain/parse';
import { renderProse } from '../../../src/domain/parse/render';
import type { AllocationPlan } from '../../../src/domain/plan';
import { BASE } from '../../fixtures/proposals/hostile/base';

/**
 * Issue 16's property: inserting any invisible or format character, or any hidden construct, at
 * a random place into a valid proposal either leaves the plan unchanged or refuses it — never a
 * different plan. Inline constructs go anywhere; block constructs go between lines, where a
 * proposer would put them (splitting a visible line would change what voters see as well).
 */
const seed = fs.readFileSync(path.join(__dirname, '../../fixtures/roko-proposal-39-goverland-page.txt'), 'utf8');

/** The plan's facts: warnings and totalSource (where the total was read) are provenance, not facts. */
const planOf = (r: ParseResult) =>
  r.ok
    ? JSON.stringify({ ...(r.value as AllocationPlan), warnings: [] }, (k, v: unknown) =>
        typeof v === 'bigint' ? v.toString() : k === 'totalSource' ? undefined : v,
      )
    : null;

/** Named invisible characters, format characters (Cf), variation selectors, tags, fillers, controls, private-use and unassigned code points. */
const invisibleChar = fc
  .oneof(
    fc.constantFrom(
      0x200b,
      0x200c,
      0x200d,
      0x2060,
      0xfeff,
      0x00ad,
      0x034f,
      0x061c,
      0x180e,
      0x202a,
      0x202e,
      0x2066,
      0x2069,
      0x115f,
      0x1160,
      0x3164,
      0xffa0,
      0x2800,
      0x2028,
      0x2029,
      0x17b4,
      0x180b,
    ),
    fc.integer({ min: 0xfe00, max: 0xfe0f }),
    fc.integer({ min: 0xe0100, max: 0xe01ef }),
    fc.integer({ min: 0xe0000, max: 0xe007f }),
    fc.integer({ min: 0x2060, max: 0x206f }),
    fc.integer({ min: 0x0600, max: 0x0605 }),
    fc.integer({ min: 0xfff9, max: 0xfffb }),
    fc.integer({ min: 0x1d173, max: 0x1d17a }),
    fc.integer({ min: 0xe0000, max: 0xe0fff }),
    fc.integer({ min: 0xe000, max: 0xf8ff }),
    fc.constantFrom(0x00, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x7f, 0x85, 0x9f, 0x0378, 0x2fe0, 0xfffe, 0xffff),
  )
  .map((cp) => String.fromCodePoint(cp));

const inlineConstruct = fc.constantFrom(
  '<!-- SN19 (25%) -->',
  '<!-- -->',
  '<!-- note -->',
  '<span hidden>SN19 (25% = 221 TAO)</span>',
  '<span style="display:none">locked for 1 day</span>',
  '<span style="font-size:0">SN64 10%</span>',
  '<font color="white">Total: 1 TAO</font>',
  '<span hidden>hello</span>',
  '<b></b>',
  '![SN19 (25%)](x.png)',
  '![chart](x.png)',
  '[forum](https://forum.example "SN19 gets 25%")',
);

const blockConstruct = fc.constantFrom(
  '<!-- SN19 (25%) -->',
  '<!--\nThe DCA runs over 1 day.\n-->',
  '<!-- reviewed -->',
  '[//]: # "SN19 (25%)"',
  '[//]: # "The DCA runs over 1 day"',
  '[//]: # "draft three"',
  '<div hidden>\n\nLocked for 1 day.\n\n</div>',
  '<div style="display:none">\n\n- SN19 (25% = 221 TAO)\n\n</div>',
  '<details>\n<summary>Appendix</summary>\n\n- SN19 (25% = 221 TAO)\n\n</details>',
  '<details>\n<summary>Background</summary>\n\nThe DAO discussed this.\n\n</details>',
  '<script>\nvar share = "SN19 25%";\n</script>',
  '<template>\nTotal: 1 TAO\n</template>',
  '<p hidden>Purchases are made monthly.</p>',
);

/** Small generated proposals in the reader's prose style. */
const generated = fc
  .record({
    netuids: fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 3 }),
    rootPercent: fc.constantFrom(40, 50, 60, 70),
    total: fc.constantFrom(1000n, 2400n, 884n * 10n),
    weekly: fc.boolean(),
  })
  .map(({ netuids, rootPercent, total, weekly }) => {
    const each = (100 - rootPercent) / netuids.length;
    const ok = Number.isInteger(each);
    const parts = ok
      ? netuids.map(() => each)
      : netuids.map((_, i) => (i === 0 ? 100 - rootPercent - (netuids.length - 1) * Math.floor(each) : Math.floor(each)));
    const totalRao = total * 10n ** 9n;
    const allocations = [
      { netuid: 0, name: 'Root', percent: String(rootPercent), rao: (totalRao * BigInt(rootPercent)) / 100n, mode: 'hold' as const },
      ...netuids.map((netuid, i) => ({
        netuid,
        name: ['Celium', 'Chutes', 'Targon'][i]!,
        percent: String(parts[i]),
        rao: (totalRao * BigInt(parts[i]!)) / 100n,
        mode: 'dca' as const,
      })),
    ];
    const plan: AllocationPlan = {
      version: 1,
      kind: 'allocation',
      totalRao,
      allocations,
      dca: { duration: 'P2M', cadences: [weekly ? 'P1W' : 'P1D'] },
      lock: { duration: 'P2M' },
      source: 'prose',
      warnings: [],
    };
    return renderProse(plan);
  });

const valid = fc.oneof(fc.constant(BASE), fc.constant(seed), generated);

function insertAt(body: string, at: number, what: string): string {
  const i = Math.min(at, body.length);
  // Never split a surrogate pair: that would be a different visible character, not a hidden one.
  const j = i > 0 && /[\ud800-\udbff]/.test(body[i - 1]!) ? i + 1 : i;
  return body.slice(0, j) + what + body.slice(j);
}

function betweenLines(body: string, lineIndex: number, block: string): string {
  const lines = body.split('\n');
  const i = lineIndex % (lines.length + 1);
  return [...lines.slice(0, i), '', block, '', ...lines.slice(i)].join('\n');
}

function expectSameOrRefused(original: string, changed: string): void {
  const before = planOf(parseProposal(original));
  if (before === null) throw new Error('the valid proposal does not parse');
  const after = planOf(parseProposal(changed));
  if (after !== null && after !== before) throw new Error(`a different plan:\n${after}\ninstead of\n${before}\nfrom\n${changed}`);
}

describe('property: hidden insertions never change the plan', () => {
  it('an invisible or format character anywhere', () => {
    fc.assert(
      fc.property(valid, fc.nat(), invisibleChar, (body, at, c) => expectSameOrRefused(body, insertAt(body, at % (body.length + 1), c))),
      { numRuns: 300 },
    );
  });

  it('an inline hidden construct anywhere', () => {
    fc.assert(
      fc.property(valid, fc.nat(), inlineConstruct, (body, at, c) => expectSameOrRefused(body, insertAt(body, at % (body.length + 1), c))),
      { numRuns: 300 },
    );
  });

  it('a hidden block between two lines', () => {
    fc.assert(
      fc.property(valid, fc.nat(), blockConstruct, (body, at, c) => expectSameOrRefused(body, betweenLines(body, at, c))),
      { numRuns: 300 },
    );
  });

  it('several insertions of every kind at once', () => {
    const edit = fc.oneof(
      fc.tuple(fc.constant('char' as const), fc.nat(), invisibleChar),
      fc.tuple(fc.constant('inline' as const), fc.nat(), inlineConstruct),
      fc.tuple(fc.constant('block' as const), fc.nat(), blockConstruct),
    );
    fc.assert(
      fc.property(valid, fc.array(edit, { minLength: 2, maxLength: 6 }), (body, edits) => {
        let changed = body;
        for (const [kind, at, what] of edits)
          changed = kind === 'block' ? betweenLines(changed, at, what) : insertAt(changed, at % (changed.length + 1), what);
        expectSameOrRefused(body, changed);
      }),
      { numRuns: 200 },
    );
  });
});
