import { parseProposal } from '../../../src/domain/parse';

/** Cadence phrasings: each is read as the cadence it names, or reported when govbridge cannot run it. */
describe('cadence phrasings', () => {
  const cadence = (sentence: string) =>
    parseProposal(
      ['# Allocation of 100 TAO', '', '- Root Subnet (50% = 50 TAO)', '- SN8 (50% = 50 TAO)', '', `DCA over 8 weeks. ${sentence}`, ''].join(
        '\n',
      ),
    );
  it.each([
    ['Purchases are made daily or weekly.', ['P1D', 'P1W']],
    ['Tranches every 7 days.', ['P1W']],
    ['Buys happen once per week.', ['P1W']],
    ['Tranches are bought every other week.', ['P2W']],
    ['Fortnightly purchases.', ['P2W']],
  ])('%s', (sentence, cadences) => {
    const r = cadence(sentence);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.kind === 'allocation' && r.value.dca?.cadences).toEqual(cadences);
  });

  it.each(['Purchases happen twice weekly.', 'Purchases are made hourly.', 'Tranches every other day.'])(
    'reports a cadence govbridge cannot run: %s',
    (sentence) => {
      const r = cadence(sentence);
      expect(r.ok).toBe(false);
      expect(r.warnings).toContainEqual(
        expect.objectContaining({ line: 6, message: expect.stringMatching(/is not a cadence govbridge can run/) }),
      );
    },
  );
});
