import type { Db } from './db';
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

interface RawPlan {
  id: string;
  space: string;
  title: string;
  state: string;
  plan_json: string;
  cadence: string;
  proposal_end: number;
  accepted_at: string | null;
  activated_at: string | null;
  lock_ends_at: string | null;
  ended_at: string | null;
  waiting: string | null;
  updated_at: string;
}
interface RawDecision {
  proposal_id: string;
  space: string;
  title: string;
  proposal_end: number;
  kind: string;
  outcome: string;
  executable: number;
  reasons_json: string;
  plan_id: string | null;
  decided_at: string;
}

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
    this.db
      .prepare(
        `INSERT INTO plans (id, space, title, state, plan_json, cadence, proposal_end, accepted_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.id,
        p.space,
        p.title,
        p.state,
        JSON.stringify(planToJson(p.plan)),
        p.cadence,
        p.proposalEnd,
        isoOrNull(p.acceptedAt),
        now.toISOString(),
      );
  }

  async get(id: string): Promise<PlanRow | undefined> {
    const r = this.db.prepare('SELECT * FROM plans WHERE id = ?').get(id) as RawPlan | undefined;
    return r && toPlan(r);
  }

  async list(states?: readonly PlanState[]): Promise<PlanRow[]> {
    const rows = this.db.prepare('SELECT * FROM plans ORDER BY proposal_end, id').all() as RawPlan[];
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
    const res = this.db
      .prepare(
        `UPDATE plans SET state = ?, updated_at = ?,
           activated_at = COALESCE(?, activated_at), lock_ends_at = COALESCE(?, lock_ends_at),
           ended_at = CASE WHEN ? THEN ? ELSE ended_at END, waiting = NULL
         WHERE id = ? AND state = ?`,
      )
      .run(
        to,
        now.toISOString(),
        isoOrNull(extra.activatedAt),
        isoOrNull(extra.lockEndsAt),
        extra.ended ? 1 : 0,
        now.toISOString(),
        id,
        from,
      );
    return res.changes === 1;
  }

  async setWaiting(id: string, why: string | null, now: Date): Promise<void> {
    this.db.prepare('UPDATE plans SET waiting = ?, updated_at = ? WHERE id = ?').run(why, now.toISOString(), id);
  }

  async recordDecision(d: DecisionRow): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO decisions (proposal_id, space, title, proposal_end, kind, outcome, executable, reasons_json, plan_id, decided_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(proposal_id) DO NOTHING`,
      )
      .run(
        d.proposalId,
        d.space,
        d.title,
        d.proposalEnd,
        d.kind,
        d.outcome,
        d.executable ? 1 : 0,
        JSON.stringify(d.reasons),
        d.planId,
        d.decidedAt.toISOString(),
      );
  }

  async decision(proposalId: string): Promise<DecisionRow | undefined> {
    const r = this.db.prepare('SELECT * FROM decisions WHERE proposal_id = ?').get(proposalId) as RawDecision | undefined;
    return r && toDecision(r);
  }

  async decisions(): Promise<DecisionRow[]> {
    return (this.db.prepare('SELECT * FROM decisions ORDER BY proposal_end, proposal_id').all() as RawDecision[]).map(toDecision);
  }

  /** Records a nonce; false when it was seen before (a replay). */
  async useNonce(nonce: string, publicKey: string, now: Date): Promise<boolean> {
    const res = this.db
      .prepare('INSERT OR IGNORE INTO ops_nonces (nonce, public_key, seen_at) VALUES (?, ?, ?)')
      .run(nonce, publicKey, now.toISOString());
    return res.changes === 1;
  }

  /** Adds one ops key's resume vote and returns the distinct keys that voted so far. */
  async addResumeVote(planId: string, publicKey: string, now: Date): Promise<string[]> {
    this.db
      .prepare('INSERT OR IGNORE INTO resume_votes (plan_id, public_key, at) VALUES (?, ?, ?)')
      .run(planId, publicKey, now.toISOString());
    return (
      this.db.prepare('SELECT public_key FROM resume_votes WHERE plan_id = ? ORDER BY at').all(planId) as { public_key: string }[]
    ).map((r) => r.public_key);
  }

  async clearResumeVotes(planId: string): Promise<void> {
    this.db.prepare('DELETE FROM resume_votes WHERE plan_id = ?').run(planId);
  }

  /** Runs fn in one write transaction so a decision and its state change land together. */
  async tx<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.tx(fn);
  }
}
