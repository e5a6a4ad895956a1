import { parseProposal, type ParseResult } from '../../../src/domain/parse';
import type { AllocationPlan } from '../../../src/domain/plan';
import { BASE } from '../../fixtures/proposals/hostile/base';

/**
 * Issue 16's tricks, one body each: every body is either refused with a reason that names the
 * trick (and the line), or parsed into exactly the plan a voter reads on the rendered page.
 */

const at = (line: number, from: string, to: string) => {
  const lines = BASE.split('\n');
  if (!lines[line - 1]!.includes(from)) throw new Error(`line ${line} has no "${from}"`);
  lines[line - 1] = lines[line - 1]!.replace(from, to);
  return lines.join('\n');
};
const append = (text: string) => `${BASE}\n${text}\n`;
const json = (r: ParseResult) => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
const hex = (cp: number) => cp.toString(16).toUpperCase().padStart(4, '0');

type Case = [name: string, body: string, refusal: RegExp | 'same plan', line?: number | null];

/** Invisible and format characters, each inside "25%" on line 4. */
const INVISIBLE: [number, string][] = [
  [0x200b, 'ZERO WIDTH SPACE'],
  [0x200c, 'ZERO WIDTH NON-JOINER'],
  [0x200d, 'ZERO WIDTH JOINER'],
  [0x2060, 'WORD JOINER'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'],
  [0x00ad, 'SOFT HYPHEN'],
  [0x034f, 'COMBINING GRAPHEME JOINER'],
  [0x180e, 'MONGOLIAN VOWEL SEPARATOR'],
  [0xfe00, 'VARIATION SELECTOR-1'],
  [0xfe0f, 'VARIATION SELECTOR-16'],
  [0xe0100, 'VARIATION SELECTOR-17'],
  [0xe01ef, 'VARIATION SELECTOR-256'],
  [0xe0020, 'TAG SPACE'],
  [0xe0035, 'TAG DIGIT FIVE'],
  [0xe0061, 'TAG LATIN SMALL LETTER A'],
  [0xe0001, 'LANGUAGE TAG'],
  [0xe007f, 'CANCEL TAG'],
  [0x115f, 'HANGUL CHOSEONG FILLER'],
  [0x1160, 'HANGUL JUNGSEONG FILLER'],
  [0x3164, 'HANGUL FILLER'],
  [0xffa0, 'HALFWIDTH HANGUL FILLER'],
  [0x2800, 'BRAILLE PATTERN BLANK'],
  [0x2062, 'INVISIBLE TIMES'],
  [0x2064, 'INVISIBLE PLUS'],
  [0x17b4, 'KHMER VOWEL INHERENT AQ'],
  [0x180b, 'MONGOLIAN FREE VARIATION SELECTOR 1'],
  [0x2028, 'LINE SEPARATOR'],
  [0x0600, 'FORMAT CHARACTER'],
  [0xfff9, 'FORMAT CHARACTER'],
  [0xe0000, 'UNASSIGNED CODE POINT'],
  [0xe000, 'PRIVATE USE CHARACTER'],
  [0x0007, 'CONTROL CHARACTER'],
  [0x0085, 'CONTROL CHARACTER'],
];
const invisibleCases: Case[] = INVISIBLE.map(([cp, name]) => {
  const c = String.fromCodePoint(cp);
  return [
    `U+${hex(cp)} inside "25%"`,
    at(4, '25%', `25${c}%`),
    new RegExp(
      `invisible character U\\+${hex(cp)} ${name.replace(/[-]/g, '\\-')} inside "\\(25<U\\+${hex(cp)}>%" in a line that states a share`,
    ),
    4,
  ];
});

const BIDI: number[] = [0x202e, 0x202d, 0x2066, 0x2067, 0x2068, 0x200f, 0x061c];
const bidiCases: Case[] = BIDI.map((cp) => [
  `bidi control U+${hex(cp)}`,
  at(4, 'Celium', `Cel${String.fromCodePoint(cp)}ium`),
  new RegExp(`bidirectional control character \\(U\\+${hex(cp)}\\)`),
  4,
]);

const confusableCases: Case[] = [
  ['Cyrillic palochka in "SN5ӏ"', at(4, 'SN51', 'SN5ӏ'), /"SN5ӏ" .*'ӏ' \(U\+04CF, Cyrillic\)/, 4],
  ['Cyrillic о in "Rооt"', at(3, 'Root', 'Rооt'), /"Rооt" \(reads as "Root"\).*'о' \(U\+043E, Cyrillic\) looks like "o"/, 3],
  ['Cyrillic Ѕ in "ЅN51"', at(4, 'SN51', 'ЅN51'), /"ЅN51" \(reads as "SN51"\).*U\+0405, Cyrillic/, 4],
  [
    'Cyrillic о in "2-mоnth"',
    at(6, '2-month', '2-mоnth'),
    /"mоnth" \(reads as "month"\) in a line that states a (?:duration|schedule or lock word)/,
    6,
  ],
  ['Greek ο in "Rοot"', at(3, 'Root', 'Rοot'), /"Rοot".*U\+03BF, Greek/, 3],
  ['Cyrillic Т in "ТAO"', at(4, '221 TAO', '221 ТAO'), /"ТAO" \(reads as "TAO"\).*U\+0422, Cyrillic/, 4],
  ['Cyrillic С in the name "Сelium"', at(4, 'Celium', 'Сelium'), /"Сelium".*U\+0421, Cyrillic/, 4],
  ['Cyrillic а in "dаily"', at(8, 'daily', 'dаily'), /"dаily".*U\+0430, Cyrillic/, 8],
  ['Cyrillic о in "lоcked"', at(10, 'locked', 'lоcked'), /"lоcked".*U\+043E, Cyrillic/, 10],
  ['Cyrillic е in "Subnеt"', at(3, 'Root Subnet', 'Root Subnеt'), /"Subnеt".*U\+0435, Cyrillic/, 3],
  ['fullwidth digits in "２５%"', at(4, '25%', '２５%'), /"２５" \(reads as "25"\).*fullwidth|non-ASCII/, 4],
  ['mathematical digits in "𝟐𝟓%"', at(4, '25%', '𝟐𝟓%'), /"𝟐𝟓" \(reads as "25"\)/, 4],
  ['combining overlay on a digit', at(4, '25%', '2\u03385%'), /combining mark U\+0338 on "2"/, 4],
  ['all-Cyrillic "ТАО" after the total', at(1, '884 TAO', '884 ТАО'), /"ТАО" \(reads as "TAO"\)/, 1],
  // Character references render as the character they name, so they hide what the text holds.
  [
    'numeric reference in "&#x53;N51"',
    at(4, 'SN51', '&#x53;N51'),
    /HTML character reference "&#x53;" \(renders as "S" U\+0053\) in a line that states a share/,
    4,
  ],
  ['numeric reference in "&#100;aily"', at(8, 'daily', '&#100;aily'), /HTML character reference "&#100;" \(renders as "d" U\+0064\)/, 8],
  ['named reference "&percnt;"', at(4, '25%', '25&percnt;'), /HTML character reference "&percnt;" \(renders as "%" U\+0025\)/, 4],
  ['reference to a zero-width space', at(4, '25%', '25&#x200B;%'), /"&#x200B;" \(renders as U\+200B ZERO WIDTH SPACE\)/, 4],
];

const hiddenCases: Case[] = [
  [
    'link-reference definition with an allocation',
    append('[//]: # "SN19 (25%)"'),
    /a link-reference definition holds text that states a share/,
    12,
  ],
  [
    'link-reference definition with a DCA duration',
    append('[//]: # "The DCA runs over 1 day"'),
    /a link-reference definition holds text that states a duration/,
    12,
  ],
  ['link-reference definition, angle form', append('[comment]: <> (SN19 gets 25%)'), /a link-reference definition holds text/, 12],
  ['HTML comment block', append('<!-- SN19 (25%) -->'), /an HTML comment holds text that states a share/, 12],
  ['multi-line HTML comment', append('<!--\nSN19 (25% = 221 TAO)\n-->'), /an HTML comment holds text that states a share/, 12],
  [
    'inline HTML comment in an allocation line',
    at(4, '(25% = 221 TAO)', '(25% = 221 TAO) <!-- SN19 (25%) -->'),
    /an HTML comment holds text that states a share/,
    4,
  ],
  [
    'inline comment hiding a lock',
    at(10, '2 months.', '2 months.<!-- locked for 1 day -->'),
    /an HTML comment holds text that states a duration/,
    10,
  ],
  ['<div hidden>', append('<div hidden>\n\nLocked for 1 day.\n\n</div>'), /<div hidden> holds text that states a duration/, 14],
  [
    'display:none block',
    append('<div style="display:none">\n\n- SN19 (25% = 221 TAO)\n\n</div>'),
    /<div style="display:none"> holds text that states a share/,
    14,
  ],
  [
    'display:none span',
    append('Also <span style="display: none">SN19 25%</span> noted.'),
    /<span style="display: none"> holds text that states a share/,
    12,
  ],
  ['font-size:0 span', append('Note <span style="font-size:0">SN19 25%</span>.'), /<span style="font-size:0"> holds text/, 12],
  ['white font', append('Note <font color="white">SN19 25%</font>.'), /<font color=…> \(invisible text\) holds text/, 12],
  ['<span hidden> inline', append('Note <span hidden>SN19 (25%)</span>.'), /<span hidden> holds text that states a share/, 12],
  ['<script>', append('<script>\nvar x = "SN19 25%";\n</script>'), /<script> holds text that states a share/, 12],
  ['<style>', append('<style>\n.x::after { content: "SN19 25%" }\n</style>'), /<style> holds text that states a share/, 12],
  ['<template>', append('<template>\nSN19 (25% = 221 TAO)\n</template>'), /<template> holds text that states a share/, 12],
  ['<noscript>', append('<noscript>\nSN19 (25% = 221 TAO)\n</noscript>'), /<noscript> holds text that states a share/, 12],
  [
    'closed <details> with an allocation',
    append('<details>\n<summary>Appendix</summary>\n\n- SN19 (25% = 221 TAO)\n\n</details>'),
    /a closed <details> holds text that states a share/,
    15,
  ],
  [
    'closed <details> with a lock',
    append('<details><summary>Terms</summary>\n\nThe strategy is locked in for 1 week.\n\n</details>'),
    /a closed <details> holds text that states a duration/,
    14,
  ],
  ['image alt text', append('![SN19 (25% = 221 TAO)](chart.png)'), /image alt text holds text that states a share/, 12],
  ['link title', append('See [the forum](https://forum.example "SN19 gets 25%").'), /a link title holds text that states a share/, 12],
  ['<img alt>', append('<img src="chart.png" alt="SN19 (25%)">'), /an attribute of <img> holds text that states a share/, 12],
  [
    'raw visible HTML with an allocation',
    append('<p>SN19 (25% = 221 TAO)</p>'),
    /raw HTML holds text that states a share, govbridge does not read raw HTML/,
    12,
  ],
  [
    'govbridge block inside a closed <details>',
    append(
      '<details>\n\n```govbridge\nversion: 1\nkind: allocation\ntotal: 884 TAO\nallocations:\n  - { netuid: 19, percent: 100 }\n```\n\n</details>',
    ),
    /a closed <details> holds text/,
    14,
  ],
  // Harmless hidden constructs are simply not read: the plan is what the voter sees.
  ['harmless HTML comment', append('<!-- reviewed by the ops team -->'), 'same plan'],
  ['harmless reference definition', append('[//]: # "draft three"'), 'same plan'],
  [
    'harmless closed <details>',
    append('<details>\n<summary>Background</summary>\n\nThe DAO has discussed this at length.\n\n</details>'),
    'same plan',
  ],
  [
    'open <details> is visible and read',
    append('<details open>\n<summary>Background</summary>\n\nThe DAO has discussed this at length.\n\n</details>'),
    'same plan',
  ],
  ['inline comment inside a figure renders as the figure', at(3, '663 TAO', '66<!-- -->3 TAO'), 'same plan'],
  ['harmless image', append('![Root vs alpha chart](chart.png)'), 'same plan'],
  // A reference-style link shows its text, as an inline link does.
  ['reference-style link around a subnet', `${at(4, '- SN51', '- [SN51][c]')}\n[c]: https://celium.example\n`, 'same plan'],
  ['collapsed reference link around a name', `${at(4, 'Celium', '[Celium][]')}\n[celium]: https://celium.example\n`, 'same plan'],
  // A line of only a zero-width space is not blank to a renderer: the sentence stays one paragraph.
  ['zero-width line inside a sentence', at(8, 'daily or weekly', 'daily or\n\u200b\nweekly'), 'same plan'],
];

const wordingCases: Case[] = [
  [
    '"was discussed and rejected" as a line',
    append('SN19 (25%) was discussed on the forum and rejected.'),
    /not read as an allocation: "was" qualifies/,
    12,
  ],
  [
    'rejected subnet inside a sentence',
    append('Earlier, SN19 (25%) got rejected by the forum.'),
    /"SN19" is mentioned with "25%" outside the allocation lines/,
    12,
  ],
  [
    '"raised to" in an allocation line',
    at(4, 'SN51 – Celium (25% = 221 TAO)', 'SN51: 5 %, raised to 25 % after the forum vote'),
    /not read as an allocation: "raised"/,
    4,
  ],
  ['negative share and amount', at(4, '(25% = 221 TAO)', '(-25% = -221 TAO)'), /a sign in front of a figure/, 4],
  ['Unicode minus', at(4, '(25% = 221 TAO)', '(−25% = 221 TAO)'), /a sign in front of a figure/, 4],
  ['range of shares', at(4, '(25% = 221 TAO)', '(5-25%)'), /a range \("5-25%"\)/, 4],
  ['"to" range', at(4, '(25% = 221 TAO)', '(5% to 25%)'), /a range/, 4],
  ['approximate share', at(4, '(25% = 221 TAO)', '(~25% = 221 TAO)'), /"~" qualifies/, 4],
  ['"up to"', at(4, '(25% = 221 TAO)', '(up to 25% = 221 TAO)'), /"up to" qualifies/, 4],
  ['"instead of"', at(4, '(25% = 221 TAO)', '(25% = 221 TAO) instead of SN64'), /"instead" qualifies/, 4],
  ['comparison sentence', append('Last year SN64 got 10% of the treasury.'), /"SN64" is mentioned with "10%"/, 12],
  [
    'performance figure',
    append('Root network staking will yield about 5% APY, and SN51 was up 12% last month.'),
    /"SN51" is mentioned with "12%"/,
    12,
  ],
  ['amount mention', append('We considered Subnet 19 with 221 TAO.'), /"Subnet 19" is mentioned with "221 TAO"/, 12],
  ['zero-day lock', append('Locked for 0 days.'), /"0 days" is a zero or negative duration/, 12],
  ['zero-week DCA', append('The DCA runs over zero weeks.'), /"zero weeks" is a zero or negative duration/, 12],
  ['negative lock', append('The lock lasts for -2 months.'), /"-2 months" is a zero or negative duration/, 12],
  ['negative total', at(1, '884 TAO', '-884 TAO'), /a negative figure \("-884 TAO"\)/, 1],
  ['negative figure in a sentence', append('The root share is cut by -5% each month.'), /a negative figure \("-5%"\)/, 12],
  ['total beyond u64', at(1, '884 TAO', '99999999999999999999999999999 TAO'), /does not fit a chain balance \(u64 RAO/, 1],
  [
    'total over policy.maxTotal',
    at(1, '884 TAO', '30,000,000 TAO'),
    /the total 30000000 TAO is over the limit of 21000000 TAO \(policy\.maxTotal\)/,
    1,
  ],
  [
    'an allocation in an indented code block',
    append('    - SN64 (10% = 88.4 TAO)'),
    /"SN64" is mentioned with "10%" outside the allocation lines/,
    12,
  ],
  [
    'an allocation in a fenced code block',
    append('```\n- SN64 (10% = 88.4 TAO)\n```'),
    /"SN64" is mentioned with "10%" outside the allocation lines/,
    13,
  ],
  ['a restatement that agrees with the plan is fine', append('Keeping 75% in the root subnet gives steady rewards.'), 'same plan'],
];

const allocations65 = [
  '# Allocation of 65 TAO',
  '',
  ...Array.from({ length: 65 }, (_, i) => `- SN${i + 1} (1 TAO)`),
  '',
  'DCA over 2 months, purchases weekly.',
  '',
].join('\n');
const block = (yaml: string) => `# Plan\n\n\`\`\`govbridge\n${yaml}\n\`\`\`\n`;
const boundsCases: Case[] = [
  ['65 allocations', allocations65, /65 allocations, more than the 64 a plan may have \(policy\.maxAllocations\)/, 3],
  [
    '53k-key block',
    block(
      Array.from({ length: 53_183 }, (_, i) => `k${i}: v`)
        .join('\n')
        .slice(0, 250_000),
    ),
    /govbridge block is \d+ characters, over the 16384-character limit/,
    4,
  ],
  [
    '1,100 keys in a small block',
    block(Array.from({ length: 1100 }, (_, i) => `${i}: v`).join('\n')),
    /govbridge block has more than 1024 keys/,
    4,
  ],
  ['deeply nested flow YAML', block(`version: ${'['.repeat(20)}1${']'.repeat(20)}`), /nested more than 8 levels deep/, 4],
  ['anchors and aliases', block('version: 1\nkind: allocation\na: &x [1, 2]\nb: *x'), /YAML anchor or alias/, 4],
  ['duplicate key', block('version: 1\nversion: 1\nkind: allocation'), /Map keys must be unique \("version" is written twice\)/, 5],
  [
    'block total over u64',
    block('version: 1\nkind: allocation\ntotal: 99999999999999999999999999 TAO\nallocations:\n  - { netuid: 0, percent: 100 }'),
    /does not fit a chain balance/,
    6,
  ],
  [
    'block lock of zero days',
    block('version: 1\nkind: allocation\ntotal: 10 TAO\nallocations:\n  - { netuid: 0, percent: 100 }\nlock: { duration: P0D }'),
    /zero duration/,
    9,
  ],
];

const CASES: Case[] = [...invisibleCases, ...bidiCases, ...confusableCases, ...hiddenCases, ...wordingCases, ...boundsCases];

const base = parseProposal(BASE);

describe('hostile corpus', () => {
  it('has a valid base and at least 60 hostile bodies', () => {
    if (!base.ok) throw new Error(json(base));
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  // A rest parameter: jest-each would take a fourth declared parameter for `done` on 3-element rows.
  it.each(CASES)('%s', (...row) => {
    const [, body, want, line] = row;
    const r = parseProposal(body);
    if (want === 'same plan') {
      if (!r.ok) throw new Error(json(r));
      // Warnings and totalSource (where the total was read) are provenance, not plan facts.
      const facts = (p: unknown): unknown =>
        JSON.parse(
          JSON.stringify({ ...(p as AllocationPlan), warnings: [] }, (k, v: unknown) =>
            typeof v === 'bigint' ? v.toString() : k === 'totalSource' ? undefined : v,
          ),
        );
      expect(facts(r.value)).toEqual(facts(base.ok && base.value));
      return;
    }
    if (r.ok) throw new Error(`accepted: ${json(r)}`);
    const hit = r.errors.find((e) => want.test(e.message));
    expect(hit ? { message: hit.message, line: hit.line } : r.errors).toEqual({
      message: expect.stringMatching(want),
      line: line === undefined ? expect.anything() : line,
    });
  });
});
