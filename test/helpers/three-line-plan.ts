import type { AllocationPlan } from '../../src/domain/plan';

/** The seed proposal's shape, cut to three lines: root held, SN51 and SN64 bought by DCA. */
export const threeLinePlan: AllocationPlan = {
  version: 1,
  kind: 'allocation',
  totalRao: 884_000_000_000n,
  allocations: [
    { netuid: 0, name: 'Root', percent: '75', rao: 663_000_000_000n, mode: 'hold' },
    { netuid: 51, name: 'Celium', percent: '5', rao: 44_200_000_000n, mode: 'dca' },
    { netuid: 64, name: 'Chutes', percent: '20', rao: 176_800_000_000n, mode: 'dca' },
  ],
  dca: { duration: 'P2M', cadences: ['P1D', 'P1W'] },
  lock: { duration: 'P2M' },
  source: 'prose',
  warnings: [],
};
