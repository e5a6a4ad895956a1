import type { AllocationPlan } from '../domain/plan';
import { buildSchedule, scheduleEnd } from '../domain/schedule';
import { addDuration } from '../domain/duration';
import { createDryRunChain, type DryRunChain, type DryRunOptions } from '../chain/sim';
import { placeholderHotkey } from '../chain/sim/addresses';
import { PRICE_ONE } from '../chain/sim/pool';
import { openDb } from '../store/db';
import { Ledger } from '../store/ledger';
import { quietLogger, type Logger } from '../log';
import { Executor, type ExecutorSettings } from '../executor/executor';
import { hotkeyResolver } from '../executor/hotkeys';
import { MemoryPlans } from './memory-plans';

export type MarketOptions = Partial<
  Pick<DryRunOptions, 'volatilityPerDay' | 'driftPerDay' | 'defaultDepthRao' | 'pools' | 'stepSeconds' | 'swapFeePpm'>
>;

export interface SimulationOptions {
  plan: AllocationPlan;
  start: Date;
  cadence: string;
  seed: number;
  settings: ExecutorSettings;
  market?: MarketOptions;
  log?: Logger;
}

export interface SubnetResult {
  netuid: number;
  tranches: number;
  /** RAO spent (fees included). */
  rao: bigint;
  alpha: bigint;
  /** Effective entry price: RAO spent per whole alpha received. */
  avgPrice: bigint;
  /** Amount-weighted price move caused by our own buys, in basis points. */
  impactBps: number;
}

export interface SimulationResult {
  completed: boolean;
  activatedAt: string | null;
  end: string | null;
  ticks: number;
  subnets: SubnetResult[];
}

const PLAN_ID = 'simulated';

function chainFor(o: SimulationOptions, clock: () => Date, rootStake: bigint): DryRunChain {
  return createDryRunChain({ seed: o.seed, clock, treasuryRootStake: rootStake, ...o.market });
}

function summarize(
  chain: DryRunChain,
  netuids: number[],
  count: (netuid: number) => number,
  spent: (netuid: number) => bigint,
): SubnetResult[] {
  return netuids.map((netuid) => {
    const trades = chain.trades.filter((t) => t.netuid === netuid);
    const alpha = trades.reduce((s, t) => s + t.alpha, 0n);
    const rao = spent(netuid);
    const weight = trades.reduce((s, t) => s + Number(t.amountRao), 0);
    const impact = trades.reduce((s, t) => s + (Number(t.amountRao) * Number(t.priceAfter - t.priceBefore)) / Number(t.priceBefore), 0);
    return {
      netuid,
      tranches: count(netuid),
      rao,
      alpha,
      avgPrice: alpha === 0n ? 0n : (rao * PRICE_ONE) / alpha,
      impactBps: weight ? (impact / weight) * 10_000 : 0,
    };
  });
}

/**
 * Runs a whole plan through the real executor on the dry-run chain with a virtual clock: phase
 * 1 at `start`, a tick at every due time, and retry ticks a minute apart when a tranche was
 * refused, then on at the cadence past the window while money is left, until the plan completes. Seconds of wall time for months of plan.
 */
export async function simulatePlan(o: SimulationOptions): Promise<SimulationResult> {
  let t = o.start.getTime();
  const clock = () => new Date(t);
  const chain = chainFor(o, clock, o.plan.totalRao);
  const db = await openDb(':memory:');
  try {
    const ledger = new Ledger(db);
    const plans = new MemoryPlans();
    plans.add(PLAN_ID, o.plan, o.cadence);
    const log = o.log ?? quietLogger();
    const exec = new Executor({
      chain,
      ledger,
      plans,
      log,
      settings: o.settings,
      treasury: chain.treasury,
      hotkeyFor: hotkeyResolver({}, 'dry-run'),
    });
    let ticks = 0;
    const tickAt = async (ms: number) => {
      t = ms;
      ticks++;
      return exec.runOnce(new Date(ms));
    };
    const first = await tickAt(t);
    if (first.problems.length) throw new Error(first.problems.map((p) => p.message).join('; '));
    const activatedAt = plans.activatedAt(PLAN_ID);
    if (!activatedAt) throw new Error(`the plan did not activate: ${first.notes.map((n) => n.note).join('; ')}`);
    const dueTimes = [...new Set(buildSchedule(o.plan, activatedAt, o.cadence).map((x) => x.dueAt.getTime()))].sort((a, b) => a - b);
    const retries = o.settings.maxPriceRetries + 1;
    const tickDue = async (due: number) => {
      for (let attempt = 0; attempt <= retries; attempt++) {
        const r = await tickAt(Math.max(due + attempt * 60_000, t));
        if (r.refused === 0 && r.batch !== 'refused' && r.batch !== 'unknown') break;
      }
    };
    for (const due of dueTimes) await tickDue(due);
    // Money left after the window (refusals, size bound): the cadence continues past it.
    const last = new Date(dueTimes[dueTimes.length - 1] ?? t);
    for (let extra = 1; extra <= 120 && (await plans.state(PLAN_ID)) === 'active'; extra++)
      await tickDue(addDuration(last, o.cadence, extra).getTime());
    const rows = (await ledger.forPlan(PLAN_ID)).filter((r) => r.kind === 'tranche' && r.status === 'finalized');
    const netuids = o.plan.allocations.filter((a) => a.mode === 'dca').map((a) => a.netuid);
    const subnets = summarize(
      chain,
      netuids,
      (n) => rows.filter((r) => r.netuid === n).length,
      (n) => rows.filter((r) => r.netuid === n).reduce((s, r) => s + r.amount, 0n),
    );
    return {
      completed: (await plans.state(PLAN_ID)) === 'completed',
      activatedAt: activatedAt.toISOString(),
      end: scheduleEnd(o.plan, activatedAt)?.toISOString() ?? null,
      ticks,
      subnets,
    };
  } finally {
    await db.close();
  }
}

/** The comparison: every DCA allocation bought at once at `start`, on the same market. */
export async function simulateLumpSum(o: SimulationOptions): Promise<SubnetResult[]> {
  const clock = () => o.start;
  const chain = chainFor(o, clock, 0n);
  const dca = o.plan.allocations.filter((a) => a.mode === 'dca');
  chain.fund(
    chain.treasury,
    dca.reduce((s, a) => s + a.rao, 0n),
  );
  for (const a of dca) {
    const tx = await chain.prepare([{ kind: 'addStake', hotkey: placeholderHotkey(a.netuid), netuid: a.netuid, amountRao: a.rao }]);
    if (!tx.ok) throw new Error(tx.errors.map((e) => e.message).join('; '));
    const sent = await chain.send(tx.value);
    if (!sent.ok) throw new Error(`lump-sum buy on netuid ${a.netuid} refused: ${sent.error.name}`);
  }
  return summarize(
    chain,
    dca.map((a) => a.netuid),
    () => 1,
    (n) => dca.find((a) => a.netuid === n)!.rao,
  );
}

/** The market's own time-weighted price over [start, end], with no trade of ours in it. */
export function marketTwap(o: SimulationOptions, netuids: number[], end: Date): Map<number, number> {
  let t = o.start.getTime();
  const chain = chainFor(o, () => new Date(t), 0n);
  for (const n of netuids) chain.pool(n);
  t = end.getTime();
  return new Map(netuids.map((n) => [n, chain.twap(n)]));
}
