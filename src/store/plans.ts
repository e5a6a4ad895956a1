import type { Selectable } from 'kysely';
import type { Db } from './db';
import type { Schema } from './schema';
import { planFromJson, planToJson, type AllocationPlan } from '../domain/plan';
import type { PlanState } from '../domain/lifecycle';

export interface PlanRow {
  id: string;
  space: string;
  title: string;
  state: PlanState;
  plan: AllocationPlan;
  cadence: string;
  proposalEnd: number;
  acceptedAt: Date | null;
  activatedAt: Date | null;
  lockEndsAt: Date | null;
  endedAt: Date | null;
  waiting: string | null;
  updatedAt: Date;
}

export type DecisionOutcome = 'accepted' | 'rejected' | 'blocked' | 'stale' | 'applied' | 'refused';

export interface DecisionRow {
  proposalId: string;
  space: string;
  title: string;
  proposalEnd: number;
  kind: 'allocation' | 'emergency' | 'none';
  outcome: DecisionOutcome;
  executable: boolean;
  reasons: string[];
  planId: string | null;
  decidedAt: Date;
}

type RawPlan = Selectable<Schema['plans']>;
type RawDecision = Selectable<Schema['decisions']>;

const date = (s: string | null): Date | null => (s === null ? null : new Date(s));
const isoOrNull = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

function toPlan(r: RawPlan): PlanRow {
  return {
    id: r.id,
    space: r.space,
    title: r.title,
    state: r.state as PlanState,
    plan: planFromJson(JSON.parse(r.plan_json)) as AllocationPlan,
    cadence: r.cadence,
    proposalEnd: r.proposal_end,
    acceptedAt: date(r.accepted_at),
    activatedAt: date(r.activated_at),
    lockEndsAt: date(r.lock_ends_at),
    endedAt: date(r.ended_at),
    waiting: r.waiting,
    updatedAt: new Date(r.updated_at),
  };
}

function toDecision(r: RawDecision): DecisionRow {
  return {
    proposalId: r.proposal_id,
    space: r.space,
    title: r.title,
    proposalEnd: r.proposal_end,
    kind: r.kind as DecisionRow['kind'],
    outcome: r.outcome as DecisionOutcome,
    executable: r.executable === 1,
    reasons: JSON.parse(r.reasons_json) as string[],
    planId: r.plan_id,
    decidedAt: new Date(r.decided_at),
  };
}

/** All SQL for plans, decisions, ops nonces and resume votes. */
export class PlanStore {
  constructor(readonly db: Db) {}

  async insertPlan(p: Omit<PlanRow, 'updatedAt' | 'endedAt' | 'waiting' | 'activatedAt' | 'lockEndsAt'>, now: Date): Promise<void> {
    await this.db.q
      .insertInto('plans')
      .values({
        id: p.id,
        space: p.space,
        title: p.title,
        state: p.state,
        plan_json: JSON.stringify(planToJson(p.plan)),
        cadence: p.cadence,
        proposal_end: p.proposalEnd,
        accepted_at: isoOrNull(p.acceptedAt),
        updated_at: now.toISOString(),
      })
      .execute();
  }

  async get(id: string): Promise<PlanRow | undefined> {
    const r = await this.db.q.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toPlan(r);
  }

  async list(states?: readonly PlanState[]): Promise<PlanRow[]> {
    const rows = await this.db.q.selectFrom('plans').selectAll().orderBy('proposal_end').orderBy('id').execute();
    return rows.map(toPlan).filter((p) => !states || states.includes(p.state));
  }

  /** Moves a plan from `from` to `to`; false when another writer moved it first. */
  async setState(
    id: string,
    from: PlanState,
    to: PlanState,
    now: Date,
    extra: { activatedAt?: Date; lockEndsAt?: Date | null; ended?: boolean } = {},
  ): Promise<boolean> {
    const at = now.toISOString();
    // A time left out, or a null `lockEndsAt`, leaves its column as it was; only a move that
    // ends the plan stamps its end time.
    const res = await this.db.q
      .updateTable('plans')
      .set({
        state: to,
        updated_at: at,
        waiting: null,
        ...(extra.activatedAt ? { activated_at: extra.activatedAt.toISOString() } : {}),
        ...(extra.lockEndsAt ? { lock_ends_at: extra.lockEndsAt.toISOString() } : {}),
        ...(extra.ended ? { ended_at: at } : {}),
      })
      .where('id', '=', id)
      .where('state', '=', from)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async setWaiting(id: string, why: string | null, now: Date): Promise<void> {
    await this.db.q.updateTable('plans').set({ waiting: why, updated_at: now.toISOString() }).where('id', '=', id).execute();
  }

  async recordDecision(d: DecisionRow): Promise<void> {
    await this.db.q
      .insertInto('decisions')
      .values({
        proposal_id: d.proposalId,
        space: d.space,
        title: d.title,
        proposal_end: d.proposalEnd,
        kind: d.kind,
        outcome: d.outcome,
        executable: d.executable ? 1 : 0,
        reasons_json: JSON.stringify(d.reasons),
        plan_id: d.planId,
        decided_at: d.decidedAt.toISOString(),
      })
      .onConflict((oc) => oc.column('proposal_id').doNothing())
      .execute();
  }

  async decision(proposalId: string): Promise<DecisionRow | undefined> {
    const r = await this.db.q.selectFrom('decisions').selectAll().where('proposal_id', '=', proposalId).executeTakeFirst();
    return r && toDecision(r);
  }

  async decisions(): Promise<DecisionRow[]> {
    const rows = await this.db.q.selectFrom('decisions').selectAll().orderBy('proposal_end').orderBy('proposal_id').execute();
    return rows.map(toDecision);
  }

  /** Records a nonce; false when it was seen before (a replay). */
  async useNonce(nonce: string, publicKey: string, now: Date): Promise<boolean> {
    const res = await this.db.q
      .insertInto('ops_nonces')
      .values({ nonce, public_key: publicKey, seen_at: now.toISOString() })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows) === 1;
  }

  /** Adds one ops key's resume vote and returns the distinct keys that voted so far. */
  async addResumeVote(planId: string, publicKey: string, now: Date): Promise<string[]> {
    await this.db.q
      .insertInto('resume_votes')
      .values({ plan_id: planId, public_key: publicKey, at: now.toISOString() })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return this.resumeVotes(planId);
  }

  /** The distinct ops keys that signed a plan's pending resume or adopt, oldest first. */
  async resumeVotes(planId: string): Promise<string[]> {
    const rows = await this.db.q.selectFrom('resume_votes').select('public_key').where('plan_id', '=', planId).orderBy('at').execute();
    return rows.map((r) => r.public_key);
  }

  async clearResumeVotes(planId: string): Promise<void> {
    await this.db.q.deleteFrom('resume_votes').where('plan_id', '=', planId).execute();
  }

  /** Runs fn in one write transaction so a decision and its state change land together. */
  async tx<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.tx(fn);
  }
}
