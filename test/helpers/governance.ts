import path from 'node:path';
import { openDb, type Db } from '../../src/store/db';
import { PlanStore } from '../../src/store/plans';
import { AuditLog } from '../../src/store/audit';
import { Governance } from '../../src/governance/governance';
import type { Policy } from '../../src/domain/rules';
import { quietLogger } from '../../src/log';

export const POLICY: Policy = {
  space: 'rokonetwork.eth',
  minQuorum: 1_000_000,
  minVotingPeriodSeconds: 43_200,
  approvalLabels: ['for', 'yes', 'approve', 'accept'],
  emergencyApproval: { numerator: 2, denominator: 3 },
};

/** A governance engine over a real SQLite file in `dir`; the caller closes `db` when done with it. */
export async function governanceIn(
  dir: string,
  name = 'gov.sqlite',
): Promise<{ db: Db; plans: PlanStore; audit: AuditLog; governance: Governance }> {
  const db = await openDb(path.join(dir, name));
  const plans = new PlanStore(db);
  const audit = new AuditLog(db);
  const governance = new Governance({ plans, audit, policy: POLICY, cadence: 'P1D', log: quietLogger() });
  return { db, plans, audit, governance };
}
