import type { Logger } from '../log';
import type { PlanStore } from '../store/plans';
import type { AuditSink } from '../governance/audit-sink';
import type { Governance } from '../governance/governance';
import { checkFreshness, signedRequestSchema, verifySignature, type OpsKey, type SignedRequest } from './signed-request';
import { RefusalAudit } from './refusal-audit';
import { PlanCommands } from '../governance/plan-command';
import { COMMAND_CODES, type PlanCommand } from '../domain/plan-command';

/** What a response says once a move is made. */
const PAST: Record<'halt' | 'resume' | 'adopt', string> = { halt: 'halted', resume: 'resumed', adopt: 'adopted' };

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
  private readonly commands: PlanCommands;

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
    this.commands = new PlanCommands({
      plans: deps.plans,
      audit: deps.audit,
      mover: deps.governance,
      resumeThreshold: deps.policy.resumeThreshold,
    });
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

    const command: PlanCommand = { action: r.action, planId: r.planId, by: { kind: 'ops', key: sig.key.publicKey, name: sig.key.name } };
    const done = await this.commands.apply(command, now);
    if (!done.ok) {
      const p = done.errors[0]!;
      const planId = p.code === COMMAND_CODES.noPlan ? null : r.planId;
      // The audit names the key, never the request's plan id or other values the client chose.
      const audit = planId === null ? `no such plan (key "${sig.key.name}")` : p.message;
      const status = planId === null ? 404 : 409;
      return this.refuse({ status, code: p.code, error: p.message, audit, planId }, now);
    }
    const t = done.value;
    if (t.kind === 'collect') {
      const message = `${r.action} signature recorded; ${t.signatures} of ${t.required}`;
      return { status: 202, body: { planId: t.planId, state: t.state, message, signatures: t.signatures, required: t.required } };
    }
    if (t.signatures === null) return { status: 200, body: { planId: t.planId, state: t.to, message: `halted by ${sig.key.name}` } };
    const required = this.deps.policy.resumeThreshold;
    return { status: 200, body: { planId: t.planId, state: t.to, message: PAST[r.action], signatures: t.signatures, required } };
  }

  private async refuse(x: Refused, now: Date): Promise<OpsResponse> {
    this.log.warn('ops request refused', { status: x.status, code: x.code, reason: x.audit, planId: x.planId });
    await this.refusals.record({ code: x.code, reason: x.audit, planId: x.planId, fields: x.fields }, now);
    // The code is the stable part a client matches on; a malformed body's details list its issues instead.
    return { status: x.status, body: { error: x.error, details: x.details ?? { code: x.code } } };
  }
}
