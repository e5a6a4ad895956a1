/**
 * An in-memory ReadModel with one plan in progress (the seed's shape, weekly tranches), used by
 * the HTTP, dashboard and CLI tests. Mutable, so a test can halt the plan.
 */
import type http from 'node:http';
import { threeLinePlan } from '../../helpers/three-line-plan';
import { quietLogger } from '../../../src/log';
import { listen, closeServer } from '../../../src/http/server';
import { Metrics } from '../../../src/http/metrics';
import { buildHttpApp } from '../../../src/app/http';
import type { PlanView, PriceSource, ReadModel, ScheduledTranche, TrancheView } from '../../../src/http/ports';
import type { AuditLog } from '../../../src/store/audit';
import type { Router } from 'express';

export { threeLinePlan };

export const NOW = new Date('2025-03-10T12:00:00Z');
const T0 = Date.parse('2025-02-14T00:00:00Z');
const WEEK = 7 * 86_400_000;

function schedule(): ScheduledTranche[] {
  const out: ScheduledTranche[] = [];
  for (const a of threeLinePlan.allocations.filter((x) => x.mode === 'dca'))
    for (let k = 0; k < 8; k++)
      out.push({ netuid: a.netuid, index: k, dueAt: new Date(T0 + k * WEEK).toISOString(), amountRao: a.rao / 8n });
  return out;
}

const tx = (n: number) => '0x' + n.toString(16).padStart(64, '0');

function tranches(): TrancheView[] {
  const rows: TrancheView[] = [];
  // SN51: three finalized at 2.21 TAO per alpha, the fourth refused for slippage.
  for (let k = 0; k < 3; k++)
    rows.push({
      id: `p1-51-${k}`,
      planId: 'p1',
      netuid: 51,
      index: k,
      state: 'finalized',
      amountRao: 5_525_000_000n,
      taoRao: 5_525_000_000n,
      alpha: 2_500_000_000n,
      feeRao: 100_000n,
      txHash: tx(51_00 + k),
      blockNumber: 5_000_000 + k * 50_400,
      reason: null,
      at: new Date(T0 + k * WEEK + 60_000).toISOString(),
    });
  rows.push({
    id: 'p1-51-3',
    planId: 'p1',
    netuid: 51,
    index: 3,
    state: 'failed',
    amountRao: 5_525_000_000n,
    taoRao: null,
    alpha: null,
    feeRao: null,
    txHash: tx(51_03),
    blockNumber: 5_151_200,
    reason: 'SlippageTooHigh',
    at: new Date(T0 + 3 * WEEK + 60_000).toISOString(),
  });
  // SN64: four finalized at 1.105 TAO per alpha.
  for (let k = 0; k < 4; k++)
    rows.push({
      id: `p1-64-${k}`,
      planId: 'p1',
      netuid: 64,
      index: k,
      state: 'finalized',
      amountRao: 22_100_000_000n,
      taoRao: 22_100_000_000n,
      alpha: 20_000_000_000n,
      feeRao: 100_000n,
      txHash: tx(64_00 + k),
      blockNumber: 5_000_001 + k * 50_400,
      reason: null,
      at: new Date(T0 + k * WEEK + 120_000).toISOString(),
    });
  return rows;
}

export class MemoryReadModel implements ReadModel {
  readonly planViews: PlanView[] = [
    {
      id: 'p1',
      proposalId: '0x64ff31dd5c07fda2a3ff89ed883359f18d3e7578a4534fc49f3cec10ba49ad24',
      title: 'Treasury allocation (proposal 39)',
      state: 'active',
      plan: threeLinePlan,
      activatedAt: new Date(T0).toISOString(),
      lockEndsAt: '2025-04-14T00:00:00.000Z',
      halt: null,
      schedule: schedule(),
    },
  ];
  readonly ledger = tranches();

  proposals() {
    return Promise.resolve([
      {
        id: this.planViews[0]!.proposalId,
        title: 'Treasury allocation (proposal 39)',
        author: '0xabc',
        space: 'rokonetwork.eth',
        end: '2025-02-14T00:00:00.000Z',
        verdict: 'accepted',
        reasons: [],
        planId: 'p1',
        link: null,
      },
      {
        id: '0xdead',
        title: 'Spend it all',
        author: '0xbad',
        space: 'rokonetwork.eth',
        end: '2025-03-01T00:00:00.000Z',
        verdict: 'blocked',
        reasons: ['plan p1 is locked until 2025-04-14'],
        planId: null,
        link: null,
      },
    ]);
  }
  plans() {
    return Promise.resolve(this.planViews);
  }
  plan(id: string) {
    return Promise.resolve(this.planViews.find((p) => p.id === id));
  }
  tranches(planId: string) {
    return Promise.resolve(this.ledger.filter((t) => t.planId === planId));
  }
  halt(reason: string) {
    this.planViews[0] = { ...this.planViews[0]!, state: 'halted', halt: { at: NOW.toISOString(), by: 'ops:alice', reason } };
  }
}

/** SN51 at 2 TAO per alpha (below entry), SN64 at 1.2 (above). */
export const prices = (over: Record<number, bigint> = {}): PriceSource => ({
  alphaPrice: (netuid) => {
    const table: Record<number, bigint> = { 51: 2_000_000_000n, 64: 1_200_000_000n, ...over };
    const p = table[netuid];
    return p === undefined ? Promise.reject(new Error(`subnet ${netuid} unreachable`)) : Promise.resolve(p);
  },
});

export async function startTestServer(
  read: ReadModel,
  audit: AuditLog,
  opts: { extra?: Router[]; openapiPaths?: Record<string, unknown>; prices?: PriceSource; writeLimit?: number; lintLimit?: number } = {},
) {
  const log = quietLogger();
  const metrics = new Metrics(read);
  // A standby's view of the executor lease, as /ready reports it (the dashboard shows it).
  const status = () => ({ role: 'standby', leader: 'host-a:101:abcd1234', self: 'host-b:202:ef567890' });
  // The service's own HTTP app, over the in-memory read model and without the ops routes.
  const parts = buildHttpApp({
    log,
    api: {
      read,
      audit,
      prices: opts.prices ?? prices(),
      explorerUrl: 'https://taostats.io/extrinsic/',
      clock: () => NOW,
      writeLimit: { limit: opts.writeLimit ?? 5 },
      lintLimit: opts.lintLimit === undefined ? undefined : { limit: opts.lintLimit },
      extra: opts.extra,
      openapiPaths: opts.openapiPaths,
    },
    metrics,
    status,
    dashboardRefreshMs: 300,
  });
  const app = parts.app;
  const server: http.Server = await listen(app, 0, '127.0.0.1');
  const port = (server.address() as { port: number }).port;
  return { base: `http://127.0.0.1:${port}`, metrics, parts, close: () => closeServer(server) };
}
