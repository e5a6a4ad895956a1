import type { Logger } from '../log';
import type { PlanStore } from '../store/plans';
import type { AuditSink } from '../governance/audit-sink';
import type { Governance } from '../governance/governance';
import { checkFreshness, signedRequestSchema, verifySignature, type OpsKey } from './signed-request';

export interface OpsPolicy {
  keys: readonly OpsKey[];
  resumeThreshold: number;
  maxSkewSeconds: number;
}

export type OpsResponse =
  | { status: 200 | 202; body: { planId: string; state: string; message: string; signatures?: number; required?: number } }
  | { status: 400 | 401 | 404 | 409; body: { error: string; details?: unknown } };

/**
 * Signed ops halts and resumes (docs/design.md §5). A halt from one valid key applies at once; a resume
 * needs `resumeThreshold` distinct keys, each submitted separately and collected here. Every
 * refusal is written to the audit trail, and a refused request changes nothing.
 */
export class OpsRequests {
  private readonly log: Logger;

  constructor(private readonly deps: { plans: PlanStore; governance: Governance; audit: AuditSink; policy: OpsPolicy; log: Logger }) {
    this.log = deps.log.child({ module: 'ops' });
  }

  handle(body: unknown, expectedAction: 'halt' | 'resume', now: Date): OpsResponse {
    const parsed = signedRequestSchema.safeParse(body);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
      return this.refuse(400, `malformed ${expectedAction} request`, now, null, details);
    }
    const r = parsed.data;
    if (r.action !== expectedAction) return this.refuse(400, `action "${r.action}" sent to the ${expectedAction} route`, now, r.planId);
    const sig = verifySignature(r, this.deps.policy.keys);
    if (!sig.ok) return this.refuse(sig.status, sig.reason, now, r.planId);
    const stale = checkFreshness(r.issuedAt, now, this.deps.policy.maxSkewSeconds);
    if (stale) return this.refuse(401, stale, now, r.planId);
    if (!this.deps.plans.useNonce(r.nonce, sig.key.publicKey, now)) return this.refuse(401, `nonce ${r.nonce} was already used`, now, r.planId);

    const plan = this.deps.plans.get(r.planId);
    if (!plan) return this.refuse(404, `no plan ${r.planId}`, now, r.planId);
    const actor = `ops:${sig.key.name}`;
    if (r.action === 'halt') {
      if (plan.state !== 'active') return this.refuse(409, `cannot halt a plan that is ${plan.state}`, now, r.planId);
      this.deps.governance.move(plan.id, 'active', 'halt', actor, 'signed ops halt', now);
      this.deps.plans.clearResumeVotes(plan.id);
      return { status: 200, body: { planId: plan.id, state: 'halted', message: `halted by ${sig.key.name}` } };
    }
    if (plan.state !== 'halted') return this.refuse(409, `cannot resume a plan that is ${plan.state}`, now, r.planId);
    const votes = this.deps.plans.addResumeVote(plan.id, sig.key.publicKey, now);
    const required = this.deps.policy.resumeThreshold;
    this.deps.audit.append({ actor, action: 'resume.signed', planId: plan.id, reason: `${votes.length} of ${required} signatures` }, now);
    if (votes.length < required) {
      return { status: 202, body: { planId: plan.id, state: 'halted', message: `resume signature recorded; ${votes.length} of ${required}`, signatures: votes.length, required } };
    }
    this.deps.governance.move(plan.id, 'halted', 'resume', actor, `${votes.length} distinct ops signatures`, now);
    this.deps.plans.clearResumeVotes(plan.id);
    return { status: 200, body: { planId: plan.id, state: 'active', message: 'resumed', signatures: votes.length, required } };
  }

  private refuse(status: 400 | 401 | 404 | 409, reason: string, now: Date, planId: string | null, details?: unknown): OpsResponse {
    this.log.warn('ops request refused', { status, reason, planId });
    this.deps.audit.append({ actor: 'ops', action: 'ops.refused', planId, reason, data: details ?? null }, now);
    return { status, body: details === undefined ? { error: reason } : { error: reason, details } };
  }
}
