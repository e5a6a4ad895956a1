import type { Config } from '../config/schema';
import type { Policy } from '../domain/rules';

/** The governance policy of docs/design.md §5, read from the validated config. */
export function policyFromConfig(config: Config): Policy {
  return {
    space: config.space,
    minQuorum: config.policy.minQuorum,
    minVotingPeriodSeconds: config.policy.minVotingPeriodSeconds,
    approvalLabels: config.policy.approvalLabels,
    emergencyApproval: { numerator: config.policy.emergencyApprovalNumerator, denominator: config.policy.emergencyApprovalDenominator },
    activationGrace: config.policy.activationGrace,
    parseLimits: { maxTotalRao: config.policy.maxTotal, maxAllocations: config.policy.maxAllocations },
  };
}
