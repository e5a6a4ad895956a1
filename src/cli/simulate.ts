import { Option } from 'commander';
import { parseProposal, formatIssue } from '../domain/parse';
import { displayPrice, displayTao } from '../domain/tao-text';
import { marketTwap, simulateLumpSum, simulatePlan, type SubnetResult } from '../tools/simulation';
import { CliExit, EXIT, requireConfig, type Register } from './context';
import { parseInstant, readInput } from './input';

interface SimulateOpts {
  start: string;
  cadence: string;
  strategy?: 'uniform' | 'price-aware';
  seed: string;
  json?: boolean;
}

const bps = (x: number): number => Math.round(x * 100) / 100;
const price = (rao: bigint): string => displayPrice(rao);

function subnetJson(s: SubnetResult) {
  return {
    netuid: s.netuid,
    tranches: s.tranches,
    rao: s.rao.toString(),
    alpha: s.alpha.toString(),
    avgPrice: s.avgPrice.toString(),
    impactBps: bps(s.impactBps),
  };
}

export const registerSimulate: Register = (program, io) => {
  program
    .command('simulate')
    .description("run a proposal's whole plan on the dry-run chain with a virtual clock and compare it with a lump-sum buy")
    .argument('<file>', 'the proposal body (markdown, or a page copied around it), or - for stdin')
    .requiredOption('--start <iso>', 'activation time, ISO 8601 with a zone (e.g. 2025-02-14T00:00:00Z)')
    .requiredOption('--cadence <iso>', "tranche cadence among the plan's allowed ones: P1D or P1W")
    .addOption(
      new Option('--strategy <name>', 'tranche sizing (default: executor.strategy from config)').choices(['uniform', 'price-aware']),
    )
    .option('--seed <n>', 'seed of the simulated market (same seed, same market)', '1')
    .option('--json', 'print {subnets:[{netuid,tranches,rao,alpha,avgPrice}], lumpSum, ...} as JSON')
    .addHelpText(
      'after',
      '\nAmounts in TAO, prices in TAO per alpha (--json: RAO and RAO per alpha). No network, no money.\nExit 0 when the plan completes, 1 when the proposal cannot be executed, 2 on bad options.',
    )
    .action(async (file: string, opts: SimulateOpts) => {
      const config = requireConfig(io);
      const start = parseInstant('--start', opts.start);
      if (!/^P\d+[DW]$/.test(opts.cadence))
        throw new CliExit(EXIT.usage, `--cadence: "${opts.cadence}" is not a cadence such as P1D or P1W`);
      if (!/^\d{1,9}$/.test(opts.seed)) throw new CliExit(EXIT.usage, `--seed: "${opts.seed}" is not a whole number`);
      const body = await readInput(io, file);
      const parsed = parseProposal(body);
      if (!parsed.ok)
        throw new CliExit(
          EXIT.invalid,
          `the proposal cannot be executed:\n${parsed.errors.map((e) => `  - ${formatIssue(e)}`).join('\n')}`,
        );
      const plan = parsed.value;
      if (plan.kind !== 'allocation') throw new CliExit(EXIT.invalid, 'this is an emergency proposal: there is no plan to simulate');
      if (!plan.dca?.cadences.includes(opts.cadence)) {
        throw new CliExit(
          EXIT.invalid,
          `cadence ${opts.cadence} is not allowed by the plan (allowed: ${plan.dca?.cadences.join(', ') ?? 'none'})`,
        );
      }
      const sim = {
        plan,
        start,
        cadence: opts.cadence,
        seed: Number(opts.seed),
        settings: { ...config.executor, strategy: opts.strategy ?? config.executor.strategy },
      };
      const result = await simulatePlan(sim);
      const lump = await simulateLumpSum(sim);
      const twap = marketTwap(
        sim,
        result.subnets.map((s) => s.netuid),
        new Date(result.end ?? start),
      );
      // Alpha of different subnets are different units: compare entry prices subnet by subnet.
      const vsLump = new Map(
        result.subnets.map((s) => {
          const l = lump.find((x) => x.netuid === s.netuid)!;
          return [s.netuid, s.avgPrice === 0n ? 0 : bps((Number(l.avgPrice) / Number(s.avgPrice) - 1) * 10_000)];
        }),
      );
      const advantageBps = bps([...vsLump.values()].reduce((a, b) => a + b, 0) / Math.max(1, vsLump.size));
      if (opts.json) {
        io.stdout(
          JSON.stringify(
            {
              start: result.activatedAt,
              end: result.end,
              cadence: opts.cadence,
              strategy: sim.settings.strategy,
              seed: sim.seed,
              completed: result.completed,
              subnets: result.subnets.map((s) => ({
                ...subnetJson(s),
                marketTwap: Math.round(twap.get(s.netuid) ?? 0).toString(),
                cheaperThanLumpSumBps: vsLump.get(s.netuid),
              })),
              lumpSum: { subnets: lump.map(subnetJson) },
              totals: { rao: result.subnets.reduce((s, x) => s + x.rao, 0n).toString(), cheaperThanLumpSumBps: advantageBps },
            },
            null,
            2,
          ) + '\n',
        );
      } else {
        io.stdout(
          `Simulated ${opts.cadence} ${sim.settings.strategy} DCA from ${result.activatedAt} to ${result.end} (seed ${sim.seed}): ${result.completed ? 'completed' : 'NOT completed'}\n\n`,
        );
        io.stdout(
          'netuid  tranches  TAO spent         alpha received      avg price (TAO/α)  lump-sum avg price  market TWAP   impact bps (dca / lump)\n',
        );
        for (const s of result.subnets) {
          const l = lump.find((x) => x.netuid === s.netuid)!;
          const tw = price(BigInt(Math.round(twap.get(s.netuid) ?? 0)));
          io.stdout(
            `${String(s.netuid).padEnd(8)}${String(s.tranches).padEnd(10)}${displayTao(s.rao).padEnd(18)}${displayTao(s.alpha).padEnd(20)}${price(s.avgPrice).padEnd(19)}${price(l.avgPrice).padEnd(20)}${tw.padEnd(14)}${bps(s.impactBps)} / ${bps(l.impactBps)}\n`,
          );
        }
        io.stdout(
          `\nEntry price vs a lump-sum buy at activation (mean over subnets): ${advantageBps >= 0 ? `${advantageBps} bps cheaper` : `${-advantageBps} bps dearer`}\n`,
        );
      }
      if (!result.completed) throw new CliExit(EXIT.invalid, 'the plan did not complete in the simulation');
    });
};
