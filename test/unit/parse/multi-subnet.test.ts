import { parseProposal } from '../../../src/domain/parse';

/**
 * Lines that give several subnets a share each, in a proposal of 100 TAO with 70 TAO
 * at root: each form expands into one allocation per subnet with the exact amount, or is
 * refused on its line.
 */
const body = (line: string) =>
  [
    '# Allocation of 100 TAO',
    '',
    '- Root Subnet (70% = 70 TAO)',
    `- ${line}`,
    '',
    'Purchases are made weekly over a 2-month DCA schedule.',
    '',
  ].join('\n');
const TEN = 10_000_000_000n;

describe('several subnets on one line', () => {
  it.each([
    '10% (10 TAO) each into SN51, SN64 and SN19',
    '10 % each to SN51, SN64, SN19',
    '10 TAO each into Subnet 51, Subnet 64 and Subnet 19',
    'SN51, SN64, SN19: 10% each',
    'SN51/SN64/SN19 — 10% each',
    'SN51 & SN64 & SN19 – 10 TAO each',
    'SN51, SN64 and SN19 (10% = 10 TAO each)',
    'Three subnets at 10% (10 TAO) each: SN51, SN64 and SN19',
    '10% each: SN51, SN64, SN19',
    'SN51 (10%), SN64 (10%) and SN19 (10 TAO)',
    '10% goes to SN51, 10% to SN64 and 10 TAO to SN19.',
  ])('%s', (line) => {
    const r = parseProposal(body(line));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const plan = r.value;
    if (plan.kind !== 'allocation') throw new Error('not an allocation');
    expect(plan.allocations.map((a) => [a.netuid, a.percent, a.rao, a.mode])).toEqual([
      [0, '70', 7n * TEN, 'hold'],
      [51, '10', TEN, 'dca'],
      [64, '10', TEN, 'dca'],
      [19, '10', TEN, 'dca'],
    ]);
  });

  it('keeps names written in parentheses', () => {
    const r = parseProposal(body('10% each into SN51 (Celium), SN64 (Chutes) and SN19 (Nineteen)'));
    expect(r.ok && r.value.kind === 'allocation' && r.value.allocations.map((a) => a.name)).toEqual([
      'Root',
      'Celium',
      'Chutes',
      'Nineteen',
    ]);
  });

  it.each([
    ['SN51, SN64, SN19: 10%', /one figure \(10%\) is given to 3 subnets \(SN51, SN64, SN19\): write "10% each"/],
    ['10% each into SN51, SN64 and SN1O', /netuid "1O" is not written in ASCII digits/],
    ['10% each into SN51 and SN64, then SN19', /"SN19" is named on this line but given no share/],
    ['SN51 – Celium (10%) and SN64 – Chutes (20%)', /this line gives figures to 2 subnets \(SN51, SN64\)/],
    ['10% (11 TAO) each into SN51, SN64 and SN19', /SN51: 10% of 100 TAO is 10 TAO, but the proposal says 11 TAO/],
  ])('refuses %s on its line', (line, message) => {
    const r = parseProposal(body(line));
    if (r.ok) throw new Error('expected a refusal');
    expect(r.errors).toContainEqual(expect.objectContaining({ line: 4, message: expect.stringMatching(message) }));
  });

  it('does not read a sentence about subnets as shares: it is an error naming the mention', () => {
    const r = parseProposal(`${body('10% each into SN51, SN64 and SN19')}\nSN51 grew 20% last month while SN64 fell 5%.\n`);
    if (r.ok) throw new Error('a subnet+figure mention outside the allocation lines must be refused');
    expect(r.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('"SN51" is mentioned with "20%" outside the allocation lines'),
      expect.stringContaining('"SN64" is mentioned with "5%" outside the allocation lines'),
    ]);
    // Without the sentence the same body is a plan of four allocations: the sentence added none.
    const clean = parseProposal(`${body('10% each into SN51, SN64 and SN19')}\n`);
    expect(clean.ok && clean.value.kind === 'allocation' && clean.value.allocations).toHaveLength(4);
  });
});

describe('several subnets in a table row', () => {
  it('expands a row with a list of subnets and figures "each"', () => {
    const r = parseProposal(
      [
        '# Allocation of 100 TAO',
        '',
        '| Subnet | Share | Amount |',
        '|---|---|---|',
        '| Root | 70% | 70 TAO |',
        '| SN51, SN64 and SN19 | 10% each | 10 TAO each |',
        '',
        'Purchases are made weekly over a 2-month DCA schedule.',
        '',
      ].join('\n'),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.kind === 'allocation' && r.value.allocations.map((a) => [a.netuid, a.percent])).toEqual([
      [0, '70'],
      [51, '10'],
      [64, '10'],
      [19, '10'],
    ]);
  });

  it('checks the amount of such a row', () => {
    const r = parseProposal(
      [
        '# Allocation of 100 TAO',
        '',
        '| Subnet | Share | Amount |',
        '|---|---|---|',
        '| Root | 70% | 70 TAO |',
        '| SN51, SN64 and SN19 | 10% each | 12 TAO each |',
        '',
        'Purchases are made weekly over a 2-month DCA schedule.',
        '',
      ].join('\n'),
    );
    expect(!r.ok && r.errors).toContainEqual(
      expect.objectContaining({ line: 6, message: expect.stringMatching(/SN51: 10% of 100 TAO is 10 TAO, but the proposal says 12 TAO/) }),
    );
  });
});
