import { NOTE } from '../../../src/executor/report';
import type { AllocationPlan } from '../../../src/domain/plan';
import { DAY_MS, SEED_START, TAO, harness, seedPlan, type Harness } from '../../helpers/executor';

const at = (day: number, hours = 0) => new Date(SEED_START.getTime() + day * DAY_MS + hours * 3600_000);

/** A plan that parses but lies about scale: 9 000 TAO into one subnet, ~152 TAO a day. */
function hugePlan(): AllocationPlan {
  return {
    ...seedPlan(),
    totalRao: 10_000n * TAO,
    allocations: [
      { netuid: 0, name: 'Root', percent: '10', rao: 1_000n * TAO, mode: 'hold' },
      { netuid: 51, name: 'Celium', percent: '90', rao: 9_000n * TAO, mode: 'dca' },
    ],
  };
}

describe('caps that do not trust the plan', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ treasuryRootStake: 10_000n * TAO, defaultDepthRao: 1_000_000n * TAO });
    h.plans.add('huge', hugePlan());
  });
  afterAll(() => h.close());
  it('limit each tick and each rolling day, whatever the tranche says', async () => {
    const exec = h.executor({ caps: { perTick: 40n * TAO, perDay: 100n * TAO } });
    for (let hour = 0; hour < 24; hour++) {
      h.setTime(at(0, hour));
      expect((await exec.runOnce(h.now())).problems).toEqual([]);
    }
    const rows = (await h.ledger.forPlan('huge')).filter((r) => r.kind === 'tranche' && r.status === 'finalized');
    expect(rows.every((r) => r.amount <= 40n * TAO)).toBe(true);
    expect(rows.reduce((s, r) => s + r.amount, 0n)).toBe(40n * TAO);
    // Day 1: the cap per day lets more through, never above 100 TAO in any 24 hours.
    for (let hour = 24; hour < 72; hour++) {
      h.setTime(at(0, hour));
      await exec.runOnce(h.now());
    }
    const all = (await h.ledger.forPlan('huge')).filter((r) => r.kind === 'tranche' && r.status === 'finalized');
    for (const r of all) {
      const start = Date.parse(r.createdAt);
      const window = all.filter((x) => Date.parse(x.createdAt) > start - DAY_MS && Date.parse(x.createdAt) <= start);
      expect(window.reduce((s, x) => s + x.amount, 0n) <= 100n * TAO).toBe(true);
    }
    expect(all.every((r) => r.amount <= 40n * TAO)).toBe(true);
  });
});

describe('the executor checks the plan itself', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());

  it('refuse a plan whose allocations do not add up to its total, sending nothing', async () => {
    const liar = seedPlan();
    liar.allocations[1] = { ...liar.allocations[1]!, rao: 144_200_000_000n };
    h.plans.add('liar', liar);
    const r = await h.executor().runOnce(SEED_START);
    expect(r.notes.map((n) => n.code)).toEqual([NOTE.plan]);
    expect(r.notes[0]!.note).toMatch(/allocations sum to 984000000000 RAO but the plan total is 884000000000 RAO/);
    expect(await h.ledger.forPlan('liar')).toEqual([]);
    expect(await h.plans.state('liar')).toBe('accepted');
    expect(h.chain.includedCount()).toBe(0);
  });
});

describe('the allocation as a cap', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());
  it('never buy more than an allocation: the ledger sum is re-checked before every tranche', async () => {
    h.plans.add('seed', seedPlan(), 'P1W');
    const exec = h.executor({ strategy: 'price-aware' });
    for (let day = 0; day <= 60; day++) {
      h.setTime(at(day));
      await exec.runOnce(h.now());
      for (const netuid of [51, 64, 19, 4, 27]) {
        const spent = (await h.ledger.forPlan('seed'))
          .filter((r) => r.netuid === netuid && r.status === 'finalized')
          .reduce((s, r) => s + r.amount, 0n);
        expect(spent <= 44_200_000_000n).toBe(true);
      }
    }
    expect(await h.plans.state('seed')).toBe('completed');
  });
});

describe('phase 1 from what the chain holds', () => {
  let short: Harness;
  let free: Harness;
  beforeAll(async () => {
    short = await harness({ treasuryRootStake: 800n * TAO });
    free = await harness({ treasuryRootStake: 0n });
  });
  afterAll(async () => {
    await short.close();
    await free.close();
  });
  it('waits for funds: a treasury short of the plan is not touched', async () => {
    const h = short;
    h.plans.add('seed', seedPlan());
    const r = await h.executor().runOnce(SEED_START);
    expect(r.notes.map((n) => n.code)).toEqual([NOTE.activation]);
    expect(h.plans.waits.get('seed')).toMatch(
      /the treasury holds 0 RAO free and 800000000000 RAO at root; the plan needs 663000000000 RAO at root and 221000000000 RAO free/,
    );
    expect(h.chain.includedCount()).toBe(0);
    expect(await h.plans.state('seed')).toBe('accepted');
  });

  it('stakes the root share when the treasury holds it free', async () => {
    const h = free;
    h.chain.fund(h.chain.treasury, 884n * TAO);
    h.plans.add('seed', seedPlan());
    const r = await h.executor().runOnce(SEED_START);
    expect(r.activated).toEqual(['seed']);
    const p1 = (await h.ledger.forPlan('seed')).find((x) => x.kind === 'phase1')!;
    expect(p1).toMatchObject({ action: 'addStake', amount: 663n * TAO, status: 'finalized' });
  });
});
