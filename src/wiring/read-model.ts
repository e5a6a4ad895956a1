import type { AuditLog } from '../store/audit';
import type { Ledger, LedgerRow } from '../store/ledger';
import type { PlanRow, PlanStore } from '../store/plans';
import type { ProposalStore } from '../store/proposals';
import { buildSchedule } from '../domain/schedule';
import type { AuthenticityStore } from '../store/authenticity';
import type { AuthenticityView, HaltView, Phase1View, PlanView, ProposalView, ReadModel, TrancheView } from '../http/ports';

/** Last halt entry of a halted plan, read from the audit trail, so the banner says who and why. */
function haltOf(plan: PlanRow, audit: AuditLog): HaltView | null {
  if (plan.state !== 'halted') return null;
  const last = audit.latest(plan.id, 'halted');
  return last
    ? { at: last.at, by: last.actor, reason: last.reason ?? '' }
    : { at: plan.updatedAt.toISOString(), by: 'unknown', reason: '' };
}

function trancheView(r: LedgerRow): TrancheView {
  return {
    id: String(r.id),
    planId: r.planId,
    netuid: r.netuid,
    index: r.trancheIndex,
    state: r.status,
    amountRao: r.amount,
    taoRao: r.taoRao,
    alpha: r.alpha,
    feeRao: r.feeRao,
    txHash: r.txHash,
    blockNumber: r.blockNumber,
    reason: r.reason,
    at: r.updatedAt,
  };
}

function phase1View(r: LedgerRow): Phase1View {
  return {
    action: r.action,
    netuid: r.netuid,
    amountRao: r.amount,
    state: r.status,
    txHash: r.txHash,
    blockNumber: r.blockNumber,
    at: r.updatedAt,
  };
}

/**
 * Adapts the stores to what the API, dashboard and reports read. The schedule shown is the
 * uniform one from activation; tranches that ran differently show up in the ledger rows.
 */
export class StoreReadModel implements ReadModel {
  /** `authenticity` is left out by read-only inspection, whose store may predate the table. */
  constructor(
    private readonly d: { plans: PlanStore; ledger: Ledger; audit: AuditLog; proposals?: ProposalStore; authenticity?: AuthenticityStore },
  ) {}

  /** Decisions, with author and link from the stored record (absent for a record never stored). */
  proposals(): ProposalView[] {
    return this.d.plans.decisions().map((x) => {
      const record = this.d.proposals?.get(x.proposalId)?.record;
      return {
        id: x.proposalId,
        title: x.title,
        author: record?.author ?? '',
        space: x.space,
        end: new Date(x.proposalEnd * 1000).toISOString(),
        verdict: x.outcome,
        reasons: x.reasons,
        planId: x.outcome === 'accepted' || x.outcome === 'stale' ? x.planId : null,
        link: record?.link ?? null,
      };
    });
  }

  plans(): PlanView[] {
    return this.d.plans
      .list()
      .filter((p) => p.state !== 'rejected' && p.state !== 'blocked' && p.state !== 'detected')
      .map((p) => this.view(p));
  }

  plan(id: string): PlanView | undefined {
    const p = this.d.plans.get(id);
    return p && this.view(p);
  }

  tranches(planId: string): TrancheView[] {
    return this.d.ledger
      .forPlan(planId)
      .filter((r) => r.kind === 'tranche')
      .map(trancheView);
  }

  private view(p: PlanRow): PlanView {
    const schedule = p.activatedAt
      ? buildSchedule(p.plan, p.activatedAt, p.cadence).map((t) => ({
          netuid: t.netuid,
          index: t.index,
          dueAt: t.dueAt.toISOString(),
          amountRao: t.rao,
        }))
      : [];
    return {
      id: p.id,
      proposalId: p.id,
      title: p.title,
      state: p.state,
      plan: p.plan,
      activatedAt: p.activatedAt?.toISOString() ?? null,
      lockEndsAt: p.lockEndsAt?.toISOString() ?? null,
      halt: haltOf(p, this.d.audit),
      waiting: p.waiting,
      authenticity: this.authenticityOf(p.id),
      schedule,
      phase1: this.d.ledger
        .forPlan(p.id)
        .filter((r) => r.kind === 'phase1')
        .map(phase1View),
    };
  }

  private authenticityOf(id: string): AuthenticityView | null {
    const a = this.d.authenticity?.get(id);
    return a ? { status: a.status, cid: a.cid, signer: a.signer, detail: a.detail, checkedAt: a.lastChecked.toISOString() } : null;
  }
}
