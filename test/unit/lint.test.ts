import { lintProposal } from '../../src/domain/lint';
import { MAX_BODY_BYTES } from '../../src/domain/parse';

const START = new Date('2025-02-14T00:00:00Z');
const EMERGENCY =
  '# Emergency\n\n```govbridge\nversion: 1\nkind: emergency\ntarget: "0x64ff31dd5c07fda2a3ff89ed883359f18d3e7578a4534fc49f3cec10ba49ad24"\naction: halt\nreason: validator compromised\n```\n';

describe('lintProposal', () => {
  it('gives each cadence its own schedule with the executor figures, and a block that reads back the same', () => {
    const body = '# Allocation of 30 TAO\n\n- Root (50%)\n- SN7 – Seven (50%)\n\nDCA over 10 days, purchases daily or weekly.\n';
    const r = lintProposal(body, START);
    expect(r.ok).toBe(true);
    expect(r.schedules.map((s) => [s.cadence, s.count, s.first.toISOString(), s.last.toISOString(), s.end.toISOString()])).toEqual([
      ['P1D', 10, '2025-02-14T00:00:00.000Z', '2025-02-23T00:00:00.000Z', '2025-02-24T00:00:00.000Z'],
      ['P1W', 1, '2025-02-14T00:00:00.000Z', '2025-02-14T00:00:00.000Z', '2025-02-24T00:00:00.000Z'],
    ]);
    // 15 TAO over 10 days: 1.5 TAO each, exactly; over one week: a single tranche of 15 TAO.
    expect(r.schedules[0]!.allocations).toEqual([
      { netuid: 7, name: 'Seven', rao: 15_000_000_000n, sizes: [{ rao: 1_500_000_000n, count: 10 }] },
    ]);
    expect(r.schedules[1]!.allocations[0]!.sizes).toEqual([{ rao: 15_000_000_000n, count: 1 }]);
    const again = lintProposal(`${body}\n${r.block}\n`, START);
    expect(again.ok && again.plan?.kind === 'allocation' && again.plan.source).toBe('block');
  });

  it('splits a remainder with the larger tranches first, as the executor does', () => {
    const r = lintProposal('# Allocation of 1 TAO\n\n- SN3 – Three (100%)\n\nDCA over 3 days, purchases daily.\n', START);
    expect(r.schedules[0]!.allocations[0]!.sizes).toEqual([
      { rao: 333_333_334n, count: 1 },
      { rao: 333_333_333n, count: 2 },
    ]);
  });

  it('has no schedule and no block for an emergency plan, and none for a refused one', () => {
    const e = lintProposal(EMERGENCY, START);
    expect(e).toMatchObject({ ok: true, schedules: [], block: null, errors: [] });
    expect(e.plan?.kind).toBe('emergency');
    const bad = lintProposal('x'.repeat(MAX_BODY_BYTES + 1), START);
    expect(bad).toMatchObject({ ok: false, plan: null, schedules: [], block: null });
    expect(bad.errors[0]!.message).toMatch(/over the 262144-byte/);
  });
});
