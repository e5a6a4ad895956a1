import type { Config } from '../config/schema';
import type { Logger } from '../log';
import type { Db } from '../store/db';
import { PlanStore } from '../store/plans';
import { AuditLog } from '../store/audit';
import { Governance } from '../governance/governance';
import { policyFromConfig } from '../governance/policy';
import type { Notify } from '../governance/audit-sink';

/**
 * The governance engine over one SQLite file, built the same way by the service and by
 * `govbridge poll --once`, so a proposal decided by hand gets the same policy, cadence and
 * notifications as one decided by the service.
 */
export function buildGovernance(config: Config, db: Db, log: Logger, notify?: Notify): { plans: PlanStore; audit: AuditLog; governance: Governance } {
  const plans = new PlanStore(db);
  const audit = new AuditLog(db);
  const governance = new Governance({ plans, audit, policy: policyFromConfig(config), cadence: config.executor.cadence, log, notify });
  return { plans, audit, governance };
}
