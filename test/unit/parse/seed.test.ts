import fs from 'node:fs';
import path from 'node:path';
import { parseProposal } from '../../../src/domain/parse';
import { planFromJson, planToJson, type AllocationPlan } from '../../../src/domain/plan';

const seed = fs.readFileSync(path.join(__dirname, '../../fixtures/roko-proposal-39-goverland-page.txt'), 'utf8');

describe('the seed: ROKO proposal 39 as a Goverland page', () => {
  const r = parseProposal(seed);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const plan = r.value as AllocationPlan;

  it('reads the allocation exactly', () => {
    expect(plan.kind).toBe('allocation');
    expect(plan.source).toBe('prose');
    expect(plan.totalRao).toBe(884_000_000_000n);
    expect(plan.allocations.map((a) => [a.netuid, a.name, a.percent, a.rao, a.mode])).toEqual([
      [0, 'Root', '75', 663_000_000_000n, 'hold'],
      [51, 'Celium', '5', 44_200_000_000n, 'dca'],
      [64, 'Chutes', '5', 44_200_000_000n, 'dca'],
      [19, 'Nineteen', '5', 44_200_000_000n, 'dca'],
      [4, 'Targon', '5', 44_200_000_000n, 'dca'],
      [27, 'Neural Internet', '5', 44_200_000_000n, 'dca'],
    ]);
    expect(plan.dca).toEqual({ duration: 'P2M', cadences: ['P1D', 'P1W'] });
    expect(plan.lock).toEqual({ duration: 'P2M' });
  });

  it('warns that the stated weekly range matches only at its low end, naming both figures and the line', () => {
    const weekly = r.warnings.find((w) => w.text.includes('weekly'));
    expect(weekly).toBeDefined();
    expect(seed.split('\n')[weekly!.line! - 1]).toContain('~5.525-11.05 TAO');
    expect(weekly!.message).toMatch(
      /"~5\.525-11\.05 TAO" matches the schedule only at its low end: a weekly tranche is 5\.525 TAO, not 11\.05 TAO/,
    );
    expect(plan.warnings.some((w) => w.startsWith(`line ${weekly!.line}: `) && w.includes('low end'))).toBe(true);
  });

  it('does not warn about the figures that do match (44.2 TAO per subnet, 110.5 TAO a month)', () => {
    expect(r.warnings.some((w) => /110\.5|over 2 months/.test(w.text))).toBe(false);
  });

  it('round-trips through the canonical JSON', () => {
    const json = JSON.parse(JSON.stringify(planToJson(plan))) as { totalRao: string; allocations: unknown[] };
    expect(json.totalRao).toBe('884000000000');
    expect(json.allocations[1]).toEqual({ netuid: 51, name: 'Celium', percent: '5', rao: '44200000000', mode: 'dca' });
    expect(planFromJson(json)).toEqual(plan);
  });
});
