import { NOTE } from '../../../src/executor/report';
import { Writable } from 'node:stream';
import { buildSchedule } from '../../../src/domain/schedule';
import { createLogger } from '../../../src/log';
import type { LedgerRow } from '../../../src/store/ledger';
import { DAY_MS, SEED_START, harness, seedPlan, type Harness } from '../../helpers/executor';
import type { Executor } from '../../../src/executor/executor';

const at = (day: number, minutes = 0) => new Date(SEED_START.getTime() + day * DAY_MS + minutes * 60_000);
const schedule = buildSchedule(seedPlan(), SEED_START, 'P1D').filter((t) => t.netuid === 51);
const sn51 = async (h: Harness): Promise<LedgerRow[]> =>
  (await h.ledger.forPlan('seed')).filter((r) => r.kind === 'tranche' && r.netuid === 51);
const sum = (rows: LedgerRow[]) => rows.filter((r) => r.status === 'finalized').reduce((s, r) => s + r.amount, 0n);

async function tick(h: Harness, exec: Executor, when: Date) {
  h.setTime(when);
  const r = await exec.runOnce(when);
  expect(r.problems).toEqual([]);
  return r;
}

async function runDays(h: Harness, exec: Executor, from: number, to: number) {
  for (let d = from; d <= to; d++) await tick(h, exec, at(d, 5));
}

describe('a halt between two ticks, then resume', () => {
  let h: Harness;
  let exec: Executor;
  beforeAll(async () => {
    h = await harness();
    h.plans.add('seed', seedPlan());
    exec = h.executor();
  });
  afterAll(() => h.close());

  it('stops the next tranche', async () => {
    await tick(h, exec, at(0));
    await runDays(h, exec, 1, 9);
    expect(await sn51(h)).toHaveLength(10);
    h.plans.set('seed', 'halted');
    const r = await tick(h, exec, at(10, 5));
    expect(r.sent).toBe(0);
    await runDays(h, exec, 11, 12);
    expect(await sn51(h)).toHaveLength(10);
  });

  it('re-spreads the missed tranches over the rest on resume instead of a lump buy', async () => {
    h.plans.set('seed', 'active');
    await tick(h, exec, at(13, 5));
    const rows = await sn51(h);
    expect(rows).toHaveLength(11);
    const resumed = rows[10]!;
    expect(resumed.trancheIndex).toBe(13);
    const remaining = 44_200_000_000n - sum(rows.slice(0, 10));
    // The 3 missed tranches are spread over the 46 left: one forty-sixth of what is left, not 4 tranches at once.
    expect(resumed.amount).toBe((remaining + 45n) / 46n);
    expect(resumed.amount).toBeLessThan(schedule[13]!.rao * 2n);
    expect(resumed.amount).toBeGreaterThan(schedule[13]!.rao);
    await runDays(h, exec, 14, 58);
    expect(await h.plans.state('seed')).toBe('completed');
    expect(await sn51(h)).toHaveLength(59 - 3);
    expect(sum(await sn51(h))).toBe(44_200_000_000n);
  });
});

describe('a cancelled plan', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    h.plans.add('seed', seedPlan());
  });
  afterAll(() => h.close());
  it('sends nothing', async () => {
    const exec = h.executor();
    await tick(h, exec, at(0));
    h.plans.set('seed', 'cancelled');
    const before = (await h.ledger.forPlan('seed')).length;
    await runDays(h, exec, 1, 3);
    expect(await h.ledger.forPlan('seed')).toHaveLength(before);
  });
});

describe('a tight price limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    h.plans.add('seed', seedPlan());
  });
  afterAll(() => h.close());

  it('skips, retries on the next ticks up to the bound, then re-spreads; the ledger shows it', async () => {
    const normal = h.executor();
    await tick(h, normal, at(0));
    await runDays(h, normal, 1, 4);
    // An operator tightens maxSlippage below a tranche's own price impact on day 5.
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(chunk.toString()), done()) });
    const tight = h.executor(
      { maxSlippage: '0.000001', maxPriceRetries: 2 },
      h.chain,
      createLogger({ level: 'info', format: 'json', stream }),
    );
    for (let m = 0; m < 5; m++) await tick(h, tight, at(5, 1 + m));
    const day5 = (await sn51(h)).filter((r) => r.trancheIndex === 5);
    expect(day5.map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(day5[0]!.reason).toMatch(/SlippageTooHigh/);
    const skips = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.message === 'tranche skipped for price; will retry, then re-spread' && l.netuid === 51);
    expect(skips.map((l) => [l.module, l.index, l.attempt])).toEqual([
      ['executor', 5, 1],
      ['executor', 5, 2],
      ['executor', 5, 3],
    ]);
    await runDays(h, normal, 6, 58);
    const rows = await sn51(h);
    const t6 = rows.find((r) => r.trancheIndex === 6)!;
    const before = rows.filter((r) => r.trancheIndex < 6);
    expect(t6.amount).toBe((44_200_000_000n - sum(before) + 52n) / 53n);
    expect(t6.amount).toBeGreaterThan(schedule[6]!.rao);
    expect(await h.plans.state('seed')).toBe('completed');
    expect(sum(rows)).toBe(44_200_000_000n);
    expect(rows.filter((r) => r.status === 'finalized')).toHaveLength(58);
  });
});

describe('a price jump between reading the price and inclusion', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    h.plans.add('seed', seedPlan());
  });
  afterAll(() => h.close());

  it('is refused by the chain (SlippageTooHigh), retried, and the retry lands', async () => {
    await tick(h, h.executor(), at(0));
    // Another trader's buy lands just before ours: +5 % on SN51 with a 2 % limit.
    let jumps = 1;
    const frontRun = Object.create(h.chain) as typeof h.chain;
    frontRun.send = async (tx, cb) => {
      if (jumps-- > 0) h.chain.setPrice(51, ((await h.chain.alphaPrice(51)) * 105n) / 100n);
      return h.chain.send(tx, cb);
    };
    const exec = h.executor({}, frontRun);
    const r = await tick(h, exec, at(1));
    expect(r.batch).toBe('refused');
    const refused = (await h.ledger.forPlan('seed')).filter((x) => x.trancheIndex === 1);
    expect(refused).toHaveLength(5);
    expect(refused.every((x) => x.status === 'skipped' && /SlippageTooHigh/.test(x.reason ?? ''))).toBe(true);
    const retry = await tick(h, exec, at(1, 1));
    expect(retry.batch).toBe('included');
    const t1 = (await h.ledger.forPlan('seed')).filter((x) => x.trancheIndex === 1 && x.status === 'finalized');
    expect(t1).toHaveLength(5);
    expect(t1.find((x) => x.netuid === 51)!.amount).toBe(schedule[1]!.rao);
  });
});

describe('a halt that arrives during a tick', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    h.plans.add('seed', seedPlan());
  });
  afterAll(() => h.close());

  it('stops the batch that was being built: the state is re-read right before sending', async () => {
    await tick(h, h.executor(), at(0));
    const haltingMidTick = Object.create(h.chain) as typeof h.chain;
    haltingMidTick.alphaPrice = async (netuid) => {
      h.plans.set('seed', 'halted');
      return h.chain.alphaPrice(netuid);
    };
    const before = h.chain.includedCount();
    const r = await tick(h, h.executor({}, haltingMidTick), at(1));
    expect(r.sent).toBe(0);
    expect(r.notes.some((n) => n.code === NOTE.leftActive)).toBe(true);
    expect(h.chain.includedCount()).toBe(before);
    expect((await h.ledger.forPlan('seed')).filter((x) => x.trancheIndex === 1)).toEqual([]);
  });
});

describe('a resume after the window has ended', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    h.plans.add('seed', seedPlan());
  });
  afterAll(() => h.close());

  it('never buys the missed amount in a lump: bounded tranches continue past the window until it is spent', async () => {
    const exec = h.executor();
    await tick(h, exec, at(0));
    await runDays(h, exec, 1, 9);
    h.plans.set('seed', 'halted');
    await runDays(h, exec, 10, 69);
    h.plans.set('seed', 'active');
    await runDays(h, exec, 70, 110);
    const rows = await sn51(h);
    const bound = schedule[0]!.rao * 2n;
    expect(rows.every((r) => r.amount <= bound)).toBe(true);
    expect(rows.filter((r) => r.trancheIndex >= 70).length).toBeGreaterThan(20);
    expect(sum(rows)).toBe(44_200_000_000n);
    expect(await h.plans.state('seed')).toBe('completed');
  });
});
