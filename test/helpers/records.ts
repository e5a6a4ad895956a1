import fs from 'node:fs';
import path from 'node:path';
import type { ProposalRecord } from '../../src/domain/proposal';
import type { AllocationPlan } from '../../src/domain/plan';

export const SEED_ID = '0x64ff31dd5c07fda2a3ff89ed883359f18d3e7578a4534fc49f3cec10ba49ad24';
export const SEED_PAGE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'roko-proposal-39-goverland-page.txt'), 'utf8');

/** The seed proposal as the hub reports it (docs/design.md §7), with overrides for table-driven tests. */
export function seedRecord(over: Partial<ProposalRecord> = {}): ProposalRecord {
  return {
    id: SEED_ID,
    origin: 'snapshot',
    space: 'rokonetwork.eth',
    title: 'ROKO DAO Governance Proposal: Dynamic TAO Allocation of 884 TAO',
    body: SEED_PAGE,
    author: '0x6cdDA44E3B32bf1F2Ef0dbA7AF81A49a5558184f',
    type: 'basic',
    choices: ['For', 'Against', 'Abstain'],
    created: Date.parse('2025-02-13T00:00:00Z') / 1000,
    updated: null,
    start: Date.parse('2025-02-13T00:00:00Z') / 1000,
    end: Date.parse('2025-02-14T00:00:00Z') / 1000,
    state: 'closed',
    scores: [9066311843.84, 0, 0],
    scoresTotal: 9066311843.84,
    scoresState: 'final',
    quorum: 1,
    quorumType: 'default',
    flagged: false,
    votes: 12,
    ipfs: null,
    link: null,
    ...over,
  };
}

const TAO = 1_000_000_000n;

/** The seed's plan as the parser should produce it, built by hand for tests that bypass parsing. */
export function seedPlan(): AllocationPlan {
  const sub = (netuid: number, name: string) => ({ netuid, name, percent: '5', rao: 44_200_000_000n, mode: 'dca' as const });
  return {
    version: 1,
    kind: 'allocation',
    totalRao: 884n * TAO,
    allocations: [
      { netuid: 0, name: 'Root', percent: '75', rao: 663n * TAO, mode: 'hold' },
      sub(51, 'Celium'),
      sub(64, 'Chutes'),
      sub(19, 'Nineteen'),
      sub(4, 'Targon'),
      sub(27, 'Neural Internet'),
    ],
    dca: { duration: 'P2M', cadences: ['P1D', 'P1W'] },
    lock: { duration: 'P2M' },
    source: 'prose',
    warnings: [],
  };
}
