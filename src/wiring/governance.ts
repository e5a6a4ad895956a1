import type { Config } from '../config/schema';
import type { Logger } from '../log';
import type { Db } from '../store/db';
import { PlanStore } from '../store/plans';
import { AuditLog } from '../store/audit';
import { AuthenticityStore } from '../store/authenticity';
import { ProposalStore } from '../store/proposals';
import { Governance } from '../governance/governance';
import { AuthenticityGate, type Verifier } from '../governance/authenticity';
import { policyFromConfig } from '../governance/policy';
import type { Notify } from '../governance/audit-sink';
import { createVerifier } from '../sources/authenticity';

export interface GovernanceParts {
  plans: PlanStore;
  audit: AuditLog;
  governance: Governance;
  /** The signed-original check in front of `governance.decide`: what the poller calls. */
  authenticity: AuthenticityGate;
}

/**
 * The governance engine over one SQLite file, built the same way by the service and by
 * `govbridge poll --once`, so a proposal decided by hand gets the same policy, cadence,
 * signed-original check and notifications as one decided by the service.
 */
export function buildGovernance(config: Config, db: Db, log: Logger, notify?: Notify, verifier?: Verifier): GovernanceParts {
  const plans = new PlanStore(db);
  const audit = new AuditLog(db);
  const seen = db.prepare('SELECT first_seen FROM proposals WHERE id = ?');
  const firstSeen = (id: string): Date | undefined => {
    const row = seen.get(id) as { first_seen: string } | undefined;
    return row ? new Date(row.first_seen) : undefined;
  };
  const governance = new Governance({
    plans,
    audit,
    policy: policyFromConfig(config),
    cadence: config.executor.cadence,
    log,
    notify,
    firstSeen,
  });
  const authenticity = new AuthenticityGate({
    verifier: verifier ?? createVerifier(config, log),
    store: new AuthenticityStore(db),
    proposals: new ProposalStore(db),
    governance,
    plans,
    audit,
    requireSignedBody: config.policy.requireSignedBody,
    log,
  });
  return { plans, audit, governance, authenticity };
}
