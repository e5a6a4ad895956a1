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
 * The governance engine over one store (SQLite or PostgreSQL), built the same way by the
 * service and by `govbridge poll --once`, so a proposal decided by hand gets the same policy,
 * cadence, signed-original check and notifications as one decided by the service.
 */
export function buildGovernance(config: Config, db: Db, log: Logger, notify?: Notify, verifier?: Verifier): GovernanceParts {
  const plans = new PlanStore(db);
  const audit = new AuditLog(db);
  const proposals = new ProposalStore(db);
  const governance = new Governance({
    plans,
    audit,
    policy: policyFromConfig(config),
    cadence: config.executor.cadence,
    log,
    notify,
    firstSeen: (id) => proposals.firstSeen(id),
  });
  const authenticity = new AuthenticityGate({
    verifier: verifier ?? createVerifier(config, log),
    store: new AuthenticityStore(db),
    proposals,
    governance,
    plans,
    audit,
    requireSignedBody: config.policy.requireSignedBody,
    log,
  });
  return { plans, audit, governance, authenticity };
}
