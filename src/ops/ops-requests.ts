import type { Logger } from '../log';
import type { PlanStore } from '../store/plans';
import type { AuditSink } from '../governance/audit-sink';
import type { Governance } from '../governance/governance';
import { checkFreshness, signedRequestSchema, verifySignature, type OpsKey, type SignedRequest } from './signed-request';
import { RefusalAudit } from './refusal-audit';

export interface OpsPolicy {
  keys: readonly OpsKey[];
  resumeThreshold: number;
  maxSkewSeconds: number;
  /** Refusals written to the audit trail per minute at most; the rest are counted in a summary. */
  maxRefusalAuditsPerMinute?: number;
}

/** A refusal: the client's message (it may quote the request) and the audit's (it never does). */
interface Refused {
  status: 400 | 401 | 404 | 409;
  code: string;
  error: string;
  audit: string;
  /** Set only when the plan exists. */
  planId: string | null;
  fields?: string[];
  details?: unknown;
}

export type OpsResponse =
  | { status: 200 | 202; body: { planId: string; state: string; message: string; signatures?: number; required?: number } }
  | { status: 400 | 401 | 404 | 409; body: { error: string; details?: unknown } };

/**
 * Signed ops halts and resumes (docs/design.md §5). A halt from one valid key applies at once; a resume
 * needs `resumeThreshold` distinct keys, each submitted separately and collected here. Every
 * refusal goes to the audit trail through one bounded, rate-limited path (RefusalAudit), and a
 * refused request changes nothing.
 */
export class OpsRequests {
  private readonly log: Logger;
  readonly refusals: RefusalAudit;

  constructor(
    private readonly deps: {
      plans: PlanStore;
      governance: Governance;
      audit: AuditSink;
      policy: OpsPolicy;
      log: Logger;
      clock?: () => Date;
    },
  ) {
    this.log = deps.log.child({ module: 'ops' });
    this.refusals = new RefusalAudit(
      deps.audit,
      deps.policy.maxRefusalAuditsPerMinute ?? 20,
      deps.clock ?? (() => new Date()),
      undefined,
      (e) => this.log.error('refusal summary not written to the audit trail', { error: (e as Error).message }),
    );
  }

  /** A request refused before it reached `handle` (body too large, bad JSON, rate limit): audited the same way. */
  async refusedEarly(code: string, reason: string, now: Date): Promise<void> {
    this.log.warn('ops request refused', { code });
    await this.refusals.record({ code, reason }, now);
  }

  /**
   * `now` is the service clock (virtual in a sped-up demo): it stamps the transitions. `wallNow`
   * is real time: a request's freshness is judged on it, because the signer's clock is real.
   */
  async handle(body: unknown, expectedAction: 'halt' | 'resume' | 'adopt', now: Date, wallNow: Date = now): Promise<OpsResponse> {
    const parsed = signedRequestSchema.safeParse(body);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
      // Field paths come from the schema's own keys; unknown keys are counted, not named.
      const fields = parsed.error.issues.map((i) =>
        i.code === 'unrecognized_keys' ? `body:unrecognized_keys(${i.keys.length})` : `${i.path.join('.') || 'body'}:${i.code}`,
      );
      const msg = `malformed ${expectedAction} request`;
      return this.refuse({ status: 400, code: 'ops.malformed', error: msg, audit: msg, planId: null, fields, details }, now);
    }
    const r = parsed.data;
    // The whole request is one write transaction: the plan looked up, the nonce spent, the votes
    // counted and the move made are one step, as when two signatures arrive together.
    return this.deps.plans.tx(() => this.apply(r, expectedAction, now, wallNow));
  }

  private async apply(r: SignedRequest, expectedAction: 'halt' | 'resume' | 'adopt', now: Date, wallNow: Date): Promise<OpsResponse> {
    const known = (await this.deps.plans.get(r.planId)) ? r.planId : null;
    if (r.action !== expectedAction) {
      return this.refuse(
        {
          status: 400,
          code: 'ops.wrong-action',
          error: `action "${r.action}" sent to the ${expectedAction} route`,
          audit: `a ${r.action} request sent to the ${expectedAction} route`,
          planId: known,
        },
        now,
      );
    }
    const sig = verifySignature(r, this.deps.policy.keys);
    if (!sig.ok) return this.refuse({ status: sig.status, code: sig.code, error: sig.reason, audit: sig.audit, planId: known }, now);
    const stale = checkFreshness(r.issuedAt, wallNow, this.deps.policy.maxSkewSeconds);
    if (stale)
      return this.refuse(
        {
          status: 401,
          code: 'ops.stale',
          error: stale,
          audit: `issuedAt outside ±${this.deps.policy.maxSkewSeconds} s of the server clock (key "${sig.key.name}")`,
          planId: known,
        },
        now,
      );
    if (!(await this.deps.plans.useNonce(r.nonce, sig.key.publicKey, now))) {
      return this.refuse(
        {
          status: 401,
          code: 'ops.nonce-reused',
          error: `nonce ${r.nonce} was already used`,
          audit: `a nonce already used (key "${sig.key.name}")`,
          planId: known,
        },
        now,
      );
    }

    const plan = await this.deps.plans.get(r.planId);
    if (!plan)
      return this.refuse(
        { status: 404, code: 'ops.no-plan', error: `no plan ${r.planId}`, audit: `no such plan (key "${sig.key.name}")`, planId: null },
        now,
      );
    const actor = `ops:${sig.key.name}`;
    if (r.action === 'halt') {
      if (plan.state !== 'active') {
        const msg = `cannot halt a plan that is ${plan.state}`;
        return this.refuse({ status: 409, code: 'ops.wrong-state', error: msg, audit: msg, planId: plan.id }, now);
      }
      await this.deps.governance.move(plan.id, 'active', 'halt', actor, 'signed ops halt', now);
      await this.deps.plans.clearResumeVotes(plan.id);
      return { status: 200, body: { planId: plan.id, state: 'halted', message: `halted by ${sig.key.name}` } };
    }
    // Resume (halted → active) and adopt (stale → accepted) take the same M-of-N signatures. The
    // votes share one table: a plan is never halted and stale at once, and every move clears them.
    const [from, to, done] =
      r.action === 'resume' ? (['halted', 'active', 'resumed'] as const) : (['stale', 'accepted', 'adopted'] as const);
    if (plan.state !== from) {
      const msg = `cannot ${r.action} a plan that is ${plan.state}`;
      return this.refuse({ status: 409, code: 'ops.wrong-state', error: msg, audit: msg, planId: plan.id }, now);
    }
    const votes = await this.deps.plans.addResumeVote(plan.id, sig.key.publicKey, now);
    const required = this.deps.policy.resumeThreshold;
    await this.deps.audit.append(
      { actor, action: `${r.action}.signed`, planId: plan.id, reason: `${votes.length} of ${required} signatures` },
      now,
    );
    if (votes.length < required) {
      return {
        status: 202,
        body: {
          planId: plan.id,
          state: from,
          message: `${r.action} signature recorded; ${votes.length} of ${required}`,
          signatures: votes.length,
          required,
        },
      };
    }
    await this.deps.governance.move(plan.id, from, r.action, actor, `${votes.length} distinct ops signatures`, now);
    await this.deps.plans.clearResumeVotes(plan.id);
    return { status: 200, body: { planId: plan.id, state: to, message: done, signatures: votes.length, required } };
  }

  private async refuse(x: Refused, now: Date): Promise<OpsResponse> {
    this.log.warn('ops request refused', { status: x.status, code: x.code, reason: x.audit, planId: x.planId });
    await this.refusals.record({ code: x.code, reason: x.audit, planId: x.planId, fields: x.fields }, now);
    return { status: x.status, body: x.details === undefined ? { error: x.error } : { error: x.error, details: x.details } };
  }
}
