import { HOLDS_TREASURY } from '../domain/lifecycle';
import { WAITING_FOR_ORIGINAL, type OriginalCheck as Check } from '../domain/authenticity';
import type { ProposalRecord } from '../domain/proposal';
import type { Logger } from '../log';
import type { AuthenticityRow, AuthenticityStore } from '../store/authenticity';
import type { PlanStore } from '../store/plans';
import type { ProposalStore } from '../store/proposals';
import type { AuditSink } from './audit-sink';
import type { Decision, Governance } from './governance';
import type { ParseResult } from '../domain/parse';
import { problem, type Problem } from '../domain/problem';
import { RULE_CODES, recordedProblems, type Verdict } from '../domain/rules';

/** Checks one record against its signed original; the sources' AuthenticityVerifier fits. */
export interface Verifier {
  check(record: ProposalRecord): Promise<Check>;
}

/** A verdict for the poller: what was decided, plus what the plan still waits for. */
export type GatedVerdict = Pick<Verdict, 'executable' | 'problems' | 'reasons'>;

const gated = (d: Decision): GatedVerdict => ({ executable: d.executable, problems: d.problems, reasons: d.reasons });

/** Thrown for a proposal that must not be decided before its original is checked; the poller offers it again. */
export class AwaitingOriginal extends Error {
  override name = 'AwaitingOriginal';
}

const MAX_RETRIES_PER_CYCLE = 20;

/**
 * Puts the signed-original check in front of the governance engine. A mismatch is decided as a
 * refusal naming the fields (quarantined for good). An original that cannot be fetched yet is
 * retried every poll; meanwhile, when `requireSignedBody` holds, an accepted plan waits (shown as
 * its waiting note) and an emergency proposal is not decided at all.
 */
export class AuthenticityGate {
  private readonly log: Logger;

  constructor(
    private readonly d: {
      verifier: Verifier;
      store: AuthenticityStore;
      governance: Governance;
      plans: PlanStore;
      audit: AuditSink;
      /** Where the poller keeps records: a retry re-reads the record it checks. */
      proposals: ProposalStore;
      requireSignedBody: boolean;
      log: Logger;
    },
  ) {
    this.log = d.log.child({ module: 'governance.authenticity' });
  }

  /**
   * The poller's onProposal: check, record, then decide. `parsed` is the body parsed off the
   * event loop by the service's parse pool; without it governance parses the body itself.
   */
  async decide(record: ProposalRecord, now: Date, parsed?: ParseResult): Promise<GatedVerdict> {
    const known = await this.d.plans.decision(record.id);
    if (known) return { executable: known.executable, problems: recordedProblems(known.reasons), reasons: known.reasons };
    // A proposal the rules refuse anyway is refused for good without a fetch: only what could
    // move money costs gateway requests (a first walk over a space's history stays fast).
    const evaluated = this.d.governance.evaluate(record, now, parsed);
    if (!evaluated.executable) {
      return gated(await this.d.governance.decide(record, now, [], evaluated.parsed));
    }
    // A final verdict from an earlier cycle (an emergency proposal held back) is not fetched again.
    const prior = await this.d.store.get(record.id);
    const row = prior && prior.status !== 'pending' ? prior : await this.record(record.id, await this.d.verifier.check(record), now);
    if (row.status === 'mismatch') {
      await this.auditQuarantine(record.id, null, row, now);
      const quarantined = problem(RULE_CODES.quarantined, `quarantined: ${row.detail}`, { fields: row.fields });
      return gated(await this.d.governance.decide(record, now, [quarantined], evaluated.parsed));
    }
    const read = evaluated.parsed;
    if (row.status === 'pending' && this.d.requireSignedBody && read.ok && read.value.kind === 'emergency') {
      throw new AwaitingOriginal(`${WAITING_FOR_ORIGINAL}: ${row.detail}`);
    }
    const d = await this.d.governance.decide(record, now, [], read);
    const notes = await this.waitNote(d, row, now);
    return { executable: d.executable, problems: [...d.problems, ...notes], reasons: [...d.reasons, ...notes.map((n) => n.message)] };
  }

  /** Tries the pending originals again (oldest first, a bounded number per cycle, none tried this cycle). */
  async retryPending(now: Date): Promise<void> {
    for (const p of await this.d.store.pending(MAX_RETRIES_PER_CYCLE, now)) {
      const record = (await this.d.proposals.get(p.proposalId))?.record;
      if (!record || !(await this.stillMatters(p.proposalId))) {
        // Nothing can run from it any more: no fetch, but it moves to the back of the queue.
        await this.d.store.touch(p.proposalId, now);
        continue;
      }
      let check: Check;
      try {
        check = await this.d.verifier.check(record);
      } catch (e) {
        // One record's failure must not starve the others; it stays pending and comes round again.
        this.log.error('authenticity check failed', { proposalId: p.proposalId, error: (e as Error).message });
        await this.d.store.touch(p.proposalId, now);
        continue;
      }
      const row = await this.record(p.proposalId, check, now);
      if (row.status === 'verified') await this.clearWait(p.proposalId, now);
      else if (row.status === 'mismatch') await this.quarantineLate(p.proposalId, row, now);
      else if ((await this.d.plans.get(p.proposalId))?.state === 'accepted' && this.d.requireSignedBody)
        await this.wait(p.proposalId, row, now);
    }
  }

  /** Undecided (an emergency held back) or a plan that holds the treasury: a verdict still changes something. */
  private async stillMatters(id: string): Promise<boolean> {
    if (!(await this.d.plans.decision(id))) return true;
    const state = (await this.d.plans.get(id))?.state;
    return state !== undefined && (HOLDS_TREASURY as readonly string[]).includes(state);
  }

  /** Why an accepted plan may not activate yet, or null when it may. */
  async blocker(planId: string): Promise<string | null> {
    const row = await this.d.store.get(planId);
    if (row?.status === 'verified') return null;
    if (row?.status === 'mismatch') return `quarantined: ${row.detail}`;
    return this.d.requireSignedBody ? `${WAITING_FOR_ORIGINAL}${row ? `: ${row.detail}` : ''}` : null;
  }

  /** Stores an attempt; a first verification also lands in the audit trail with the CID and signer. */
  private async record(id: string, c: Check, now: Date): Promise<AuthenticityRow> {
    const detail = c.status === 'verified' ? `signed by ${c.signer}; ${c.bytes} (from ${c.from})` : c.reason;
    const signer = c.status === 'verified' ? c.signer : undefined;
    const fields = c.status === 'mismatch' ? c.fields : undefined;
    // The status before, the new row and its audit line share one write transaction, so a first
    // verification is audited once even when two checks of the same proposal finish together.
    return this.d.plans.tx(async () => {
      const before = (await this.d.store.get(id))?.status;
      const row = await this.d.store.record(id, { status: c.status, cid: c.cid, signer, fields, detail }, now);
      if (row.status === 'verified' && before !== 'verified') {
        const planId = (await this.d.plans.get(id)) ? id : null;
        const reason = `matches the author-signed original: ${detail}`;
        await this.d.audit.append(
          { actor: 'authenticity', action: 'verified', planId, proposalId: id, reason, data: { cid: row.cid, signer: row.signer } },
          now,
        );
      }
      return row;
    });
  }

  private async waitNote(d: Decision, row: AuthenticityRow, now: Date): Promise<Problem[]> {
    if (row.status !== 'pending' || !this.d.requireSignedBody || d.outcome !== 'accepted' || !d.planId) return [];
    await this.wait(d.planId, row, now);
    return [problem(RULE_CODES.waitingForOriginal, `${WAITING_FOR_ORIGINAL}: ${row.detail}`)];
  }

  private async wait(planId: string, row: AuthenticityRow, now: Date): Promise<void> {
    await this.d.plans.setWaiting(planId, `${WAITING_FOR_ORIGINAL}: ${row.detail}`, now);
  }

  private async clearWait(planId: string, now: Date): Promise<void> {
    const plan = await this.d.plans.get(planId);
    if (plan?.waiting?.startsWith(WAITING_FOR_ORIGINAL)) await this.d.plans.setWaiting(planId, null, now);
    this.log.info('proposal verified against its author-signed original', { proposalId: planId });
  }

  /** A mismatch found after the decision: an accepted plan is rejected, a running one halted. */
  private async quarantineLate(planId: string, row: AuthenticityRow, now: Date): Promise<void> {
    const reason = `quarantined: ${row.detail}`;
    const plan = await this.d.plans.get(planId);
    const state = plan?.state;
    this.log.error('ALERT: a decided proposal does not match its author-signed original', {
      alert: true,
      proposalId: planId,
      fields: row.fields,
      state,
    });
    if (state === 'accepted') await this.d.governance.move(planId, 'accepted', 'reject', 'authenticity', reason, now);
    else if (state === 'active') await this.d.governance.move(planId, 'active', 'halt', 'authenticity', reason, now);
    else await this.auditQuarantine(planId, plan ? planId : null, row, now);
  }

  private async auditQuarantine(proposalId: string, planId: string | null, row: AuthenticityRow, now: Date): Promise<void> {
    const data = { cid: row.cid, fields: row.fields };
    await this.d.audit.append(
      { actor: 'authenticity', action: 'quarantined', planId, proposalId, reason: `quarantined: ${row.detail}`, data },
      now,
    );
  }
}
