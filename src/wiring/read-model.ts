import type { AuditLog } from '../store/audit';
import type { Ledger, LedgerRow } from '../store/ledger';
import type { PlanRow, PlanStore } from '../store/plans';
import type { ProposalStore } from '../store/proposals';
import { buildSchedule } from '../domain/schedule';
import type { AuthenticityStore } from '../store/authenticity';
import type { AuthenticityView, HaltView, Phase1View, PlanView, ProposalView, ReadModel, TrancheView } from '../http/ports';

/** Last halt entry of a halted plan, read from the audit trail, so the banner says who and why. */
async function haltOf(plan: PlanRow, audit: AuditLog): Promise<HaltView | null> {
  if (plan.state !== 'halted') return null;
  const last = await audit.latest(plan.id, 'halted');
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
    outcomeCode: r.outcomeCode,
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
  async proposals(): Promise<ProposalView[]> {
    const decisions = await this.d.plans.decisions();
    return Promise.all(
      decisions.map(async (x): Promise<ProposalView> => {
        const record = (await this.d.proposals?.get(x.proposalId))?.record;
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
      }),
    );
  }

  async plans(): Promise<PlanView[]> {
    const shown = (await this.d.plans.list()).filter((p) => p.state !== 'rejected' && p.state !== 'blocked' && p.state !== 'detected');
    return Promise.all(shown.map((p) => this.view(p)));
  }

  async plan(id: string): Promise<PlanView | undefined> {
    const p = await this.d.plans.get(id);
    return p && this.view(p);
  }

  async tranches(planId: string): Promise<TrancheView[]> {
    return (await this.d.ledger.forPlan(planId)).filter((r) => r.kind === 'tranche').map(trancheView);
  }

  private async view(p: PlanRow): Promise<PlanView> {
    const schedule = p.activatedAt
      ? buildSchedule(p.plan, p.activatedAt, p.cadence).map((t) => ({
          netuid: t.netuid,
          index: t.index,
          dueAt: t.dueAt.toISOString(),
          amountRao: t.rao,
        }))
      : [];
    const [halt, authenticity, rows] = await Promise.all([haltOf(p, this.d.audit), this.authenticityOf(p.id), this.d.ledger.forPlan(p.id)]);
    return {
      id: p.id,
      proposalId: p.id,
      title: p.title,
      state: p.state,
      plan: p.plan,
      activatedAt: p.activatedAt?.toISOString() ?? null,
      lockEndsAt: p.lockEndsAt?.toISOString() ?? null,
      halt,
      waiting: p.waiting,
      authenticity,
      schedule,
      phase1: rows.filter((r) => r.kind === 'phase1').map(phase1View),
    };
  }

  private async authenticityOf(id: string): Promise<AuthenticityView | null> {
    const a = await this.d.authenticity?.get(id);
    return a ? { status: a.status, cid: a.cid, signer: a.signer, detail: a.detail, checkedAt: a.lastChecked.toISOString() } : null;
  }
}
