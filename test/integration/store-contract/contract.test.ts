/**
 * The store's contract, run unchanged on SQLite and on PostgreSQL: whatever a caller can observe
 * through the store classes must not depend on the backend. Each test opens its own new store.
 */
import { openDb, schemaVersion, type Db } from '../../../src/store/db';
import { migrations as sqliteMigrations } from '../../../src/store/migrations/sqlite';
import { migrations as postgresMigrations } from '../../../src/store/migrations/postgres';
import { KvStore } from '../../../src/store/kv';
import { LeaseStore } from '../../../src/store/lease';
import { WorldStore } from '../../../src/store/world';
import { DuplicateSubmissionError, FencedWriteError, Ledger } from '../../../src/store/ledger';
import { PlanStore, type DecisionRow } from '../../../src/store/plans';
import { ProposalStore } from '../../../src/store/proposals';
import { AuditLog, GENESIS_HASH, entryHash } from '../../../src/store/audit';
import { canonicalJson } from '../../../src/store/canonical-json';
import { threeLinePlan } from '../../helpers/three-line-plan';
import { describeBackends } from '../../helpers/postgres';
import { HUGE, HUGEST, SPACE, T0, at, auditInputs, entry, inclusion, proposal, tx } from './fixtures';
import { problem } from '../../../src/domain/problem';
import { OUTCOME, chainOutcome } from '../../../src/domain/execution/outcome';

describeBackends('store contract', (backend) => {
  const opened: Db[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
  });
  /** Opens `target`, or a new store; closed when the suite ends. */
  const open = async (target?: string): Promise<Db> => {
    const db = await openDb(target ?? (await backend.target()));
    opened.push(db);
    return db;
  };

  describe('migrations', () => {
    const list = backend.name === 'sqlite' ? sqliteMigrations : postgresMigrations;
    const latest = Math.max(...list.map((m) => m.version));

    it('apply every migration once, and opening the store again applies none', async () => {
      const target = await backend.target();
      const first = await open(target);
      expect(first.dialect).toBe(backend.name);
      expect(await schemaVersion(first)).toBe(latest);
      await new KvStore(first).set('kept', 'yes', T0);
      await first.close();

      const again = await open(target);
      expect(await schemaVersion(again)).toBe(latest);
      const rows = await again.q.selectFrom('schema_migrations').select('version').orderBy('version').execute();
      expect(rows.map((r) => Number(r.version))).toEqual(list.map((m) => m.version).sort((a, b) => a - b));
      expect(await new KvStore(again).get('kept')).toBe('yes');
    });

    it('both migrate once when two handles open a new store at the same moment', async () => {
      const target = await backend.target();
      const [a, b] = await Promise.all([open(target), open(target)]);
      expect(await schemaVersion(a)).toBe(latest);
      expect(await schemaVersion(b)).toBe(latest);
      const rows = await a.q.selectFrom('schema_migrations').select('version').execute();
      expect(rows).toHaveLength(list.length);
    });
  });

  describe('kv', () => {
    it('reads back what was set, the last write winning, and nothing for an unknown key', async () => {
      const kv = new KvStore(await open());
      expect(await kv.get('cursor')).toBeUndefined();
      await kv.set('cursor', '41', T0);
      await kv.set('other', 'x', T0);
      await kv.set('cursor', '42', at(1));
      expect(await kv.get('cursor')).toBe('42');
      expect(await kv.get('other')).toBe('x');
    });
  });

  describe('lease and fencing', () => {
    it('grants one holder at a time, renews with the same token, refuses others, and hands over after expiry with a higher token', async () => {
      const lease = new LeaseStore(await open());
      expect(await lease.current()).toBeUndefined();
      expect(await lease.acquire('a', 3000, 1000)).toEqual({ held: true, token: 1, expiresAt: 4000, fresh: true });
      expect(await lease.acquire('b', 3000, 2000)).toEqual({ held: false, holder: 'a', token: 1, expiresAt: 4000 });
      expect(await lease.acquire('a', 3000, 2500, 1)).toEqual({ held: true, token: 1, expiresAt: 5500, fresh: false });
      // A renewal with a token that is not the current one is no renewal.
      expect(await lease.acquire('a', 3000, 2600, 7)).toEqual({ held: false, holder: 'a', token: 1, expiresAt: 5500 });
      expect(await lease.current()).toEqual({ name: 'executor', holder: 'a', token: 1, expiresAt: 5500, acquiredAt: 1000 });
      // a stalls past its lease: b takes over with the next token.
      expect(await lease.acquire('b', 3000, 6000)).toEqual({ held: true, token: 2, expiresAt: 9000, fresh: true });
      expect(await lease.acquire('a', 3000, 6100, 1)).toEqual({ held: false, holder: 'b', token: 2, expiresAt: 9000 });
      // A release ends the lease at once but keeps the token: the next holder gets a higher one.
      await lease.release('b', 2, 6200);
      expect(await lease.acquire('a', 3000, 6300)).toEqual({ held: true, token: 3, expiresAt: 9300, fresh: true });
      // A release by someone who does not hold the lease changes nothing.
      await lease.release('b', 2, 6400);
      expect(await lease.acquire('b', 3000, 6500)).toMatchObject({ held: false, holder: 'a', token: 3 });
    });

    it('lets only one of two handles racing for an expired lease take it', async () => {
      const target = await backend.target();
      const [one, two] = [new LeaseStore(await open(target)), new LeaseStore(await open(target))];
      await one.acquire('old', 1000, 0);
      const results = await Promise.all([one.acquire('x', 3000, 5000), two.acquire('y', 3000, 5000)]);
      expect(results.filter((r) => r.held)).toHaveLength(1);
      expect(results.map((r) => r.token)).toEqual([2, 2]);
    });

    it('refuses ledger and world writes with the token of a holder that was taken over, and writes nothing', async () => {
      const db = await open();
      const lease = new LeaseStore(db);
      const audit = new AuditLog(db);
      let token: number | null = null;
      const ledger = new Ledger(db, () => token);
      const world = new WorldStore(db, () => token);

      const a = await lease.acquire('a', 3000, 1000);
      token = a.token;
      await ledger.recordSubmitting([entry()], tx(1), at(0));
      await world.save('{"v":1}', at(0));
      const auditBefore = await audit.count();

      const b = await lease.acquire('b', 3000, 10_000);
      expect(b).toMatchObject({ held: true, fresh: true });
      expect(b.token).toBeGreaterThan(a.token);

      // a still believes it leads and writes with its old token.
      await expect(ledger.recordSubmitting([entry({ trancheIndex: 1 })], tx(2), at(1))).rejects.toThrow(FencedWriteError);
      await expect(ledger.markInBlock(tx(1).txHash, 77, '0xb77', at(1))).rejects.toThrow(FencedWriteError);
      await expect(ledger.recordRefused(entry({ trancheIndex: 2 }), 'skipped', problem(OUTCOME.refused, 'price'), at(1))).rejects.toThrow(
        FencedWriteError,
      );
      await expect(world.save('{"v":"stale"}', at(1))).rejects.toThrow(/fenced/);
      const rows = await ledger.forPlan('plan-a');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'submitting', blockNumber: null, trancheIndex: 0 });
      expect(await world.load()).toBe('{"v":1}');
      expect(await audit.count()).toBe(auditBefore);

      // A writer without any token is fenced as well once a lease exists.
      token = null;
      await expect(ledger.recordSubmitting([entry({ trancheIndex: 3 })], tx(3), at(2))).rejects.toThrow(FencedWriteError);

      // The new holder's writes land.
      token = b.token;
      await ledger.markInBlock(tx(1).txHash, 78, '0xb78', at(2));
      expect((await ledger.byTx(tx(1).txHash))[0]).toMatchObject({ status: 'in-block', blockNumber: 78, blockHash: '0xb78' });
      await world.save('{"v":2}', at(2));
      expect(await world.load()).toBe('{"v":2}');
    });
  });

  describe('ledger', () => {
    it('keeps every amount exact through submitting, in-block and included, far above 2^63', async () => {
      const ledger = new Ledger(await open());
      const t = tx(5);
      const entries = [
        entry({ amount: HUGE, price: HUGE + 1n, limitPrice: HUGEST }),
        entry({ netuid: 64, hotkey: '5HotkeyB', trancheIndex: 0, action: 'addStake', amount: HUGEST, price: null, limitPrice: null }),
      ];
      const ids = await ledger.recordSubmitting(entries, t, at(0));
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);

      const submitted = await ledger.byTx(t.txHash);
      expect(submitted.map((r) => r.id)).toEqual(ids);
      expect(submitted[0]).toMatchObject({
        ...entries[0],
        status: 'submitting',
        txHash: t.txHash,
        callHash: t.callHash,
        signer: t.signer,
        nonce: t.nonce,
        eraBlock: t.eraBlock,
        validUntil: t.validUntilBlock,
        actionIndex: 0,
        createdAt: at(0).toISOString(),
      });
      expect(submitted[1]).toMatchObject({ ...entries[1], actionIndex: 1, price: null, limitPrice: null });
      expect(submitted[0]!.amount).toBe(HUGE);
      expect(submitted[1]!.amount).toBe(HUGEST);
      expect(await ledger.unsettled()).toHaveLength(2);

      await ledger.markInBlock(t.txHash, 2005, '0xb5', at(1));
      expect((await ledger.byTx(t.txHash)).map((r) => [r.status, r.blockNumber, r.blockHash])).toEqual([
        ['in-block', 2005, '0xb5'],
        ['in-block', 2005, '0xb5'],
      ]);

      const event = { kind: 'added' as const, coldkey: '5Cold', taoRao: HUGE - 3n, alpha: HUGEST - 5n, feeRao: HUGE / 1000n };
      await ledger.markIncluded(
        t.txHash,
        inclusion(t, {
          stakes: [
            { ...event, netuid: 64, hotkey: '5HotkeyB', alpha: HUGEST - 9n },
            { ...event, netuid: 51, hotkey: '5HotkeyA' },
          ],
        }),
        at(2),
      );
      const [first, second] = await ledger.byTx(t.txHash);
      expect(first).toMatchObject({
        status: 'finalized',
        reason: null,
        blockNumber: 2005,
        taoRao: HUGE - 3n,
        alpha: HUGEST - 5n,
        feeRao: HUGE / 1000n,
        txFeeRao: HUGE + 7n,
        amount: HUGE,
        price: HUGE + 1n,
        limitPrice: HUGEST,
        updatedAt: at(2).toISOString(),
      });
      // The transaction fee is carried by the first action only.
      expect(second).toMatchObject({ status: 'finalized', alpha: HUGEST - 9n, txFeeRao: null, amount: HUGEST });
      expect(await ledger.unsettled()).toEqual([]);
      expect(await ledger.planIds()).toEqual(['plan-a']);
    });

    it('refuses a second live row for one (plan, netuid, tranche), counts it, writes nothing of it, and allows one after a failure', async () => {
      const db = await open();
      const ledger = new Ledger(db);
      const audit = new AuditLog(db);
      await ledger.recordSubmitting([entry()], tx(1), at(0));
      const auditBefore = await audit.count();

      // The refused batch carries a second, innocent row: all or nothing.
      await expect(ledger.recordSubmitting([entry({ trancheIndex: 9 }), entry()], tx(2), at(1))).rejects.toThrow(DuplicateSubmissionError);
      expect(ledger.duplicatesRefused).toBe(1);
      await expect(ledger.recordSubmitting([entry()], tx(3), at(1))).rejects.toThrow(DuplicateSubmissionError);
      expect(ledger.duplicatesRefused).toBe(2);
      expect(await ledger.forPlan('plan-a')).toHaveLength(1);
      expect(await ledger.byTx(tx(2).txHash)).toEqual([]);
      expect(await audit.count()).toBe(auditBefore);

      // Another plan, subnet or tranche is another row.
      await ledger.recordSubmitting([entry({ planId: 'plan-b' }), entry({ netuid: 64 }), entry({ trancheIndex: 1 })], tx(4), at(2));
      // Once the live row failed, the tranche may be tried again; refused rows never count as live.
      await ledger.markRefused(tx(1).txHash, 'failed', problem(OUTCOME.notIncluded, 'NotIncluded: era expired'), at(3));
      await ledger.recordSubmitting([entry()], tx(5), at(4));
      await ledger.recordRefused(entry(), 'skipped', problem(OUTCOME.refused, 'price'), at(5));
      await ledger.recordRefused(entry(), 'skipped', problem(OUTCOME.refused, 'price'), at(5));
      expect(await ledger.forPlan('plan-a')).toHaveLength(6);
      expect(ledger.duplicatesRefused).toBe(2);

      // One live phase 1 per plan.
      const phase1 = entry({ kind: 'phase1', trancheIndex: -1, netuid: 0 });
      await ledger.recordSubmitting([phase1], tx(6), at(6));
      await expect(ledger.recordSubmitting([{ ...phase1, netuid: 64 }], tx(7), at(6))).rejects.toThrow(DuplicateSubmissionError);
      expect(ledger.duplicatesRefused).toBe(3);
    });

    it('reports progress and the amount committed since a moment, summed exactly', async () => {
      const ledger = new Ledger(await open());
      await ledger.recordSubmitting([entry({ trancheIndex: 0, amount: HUGE, price: 5n })], tx(1), at(0));
      await ledger.recordSubmitting([entry({ trancheIndex: 1, amount: HUGE + 1n, price: 6n })], tx(2), at(10));
      await ledger.recordSubmitting([entry({ trancheIndex: 2, amount: HUGEST, price: 7n })], tx(3), at(20));
      await ledger.recordSubmitting([entry({ trancheIndex: 3, amount: 999n, price: 8n })], tx(4), at(30));
      await ledger.markInBlock(tx(2).txHash, 10, '0xb', at(11));
      await ledger.markIncluded(tx(3).txHash, inclusion(tx(3)), at(21));
      await ledger.markRefused(tx(4).txHash, 'failed', problem(OUTCOME.notIncluded, 'NotIncluded: nonce taken'), at(31));
      await ledger.recordRefused(
        entry({ trancheIndex: 4, amount: 1n, price: 9n }),
        'skipped',
        problem(chainOutcome('SlippageTooHigh'), 'SlippageTooHigh: price moved'),
        at(40),
      );
      await ledger.recordSubmitting(
        [entry({ kind: 'phase1', trancheIndex: -1, netuid: 0, amount: HUGE * 2n, price: null })],
        tx(5),
        at(50),
      );
      await ledger.recordSubmitting([entry({ planId: 'plan-b', netuid: 64, amount: 3n, price: 10n })], tx(6), at(60));

      expect(await ledger.progress('plan-a')).toEqual([
        { kind: 'tranche', netuid: 51, trancheIndex: 0, status: 'submitting', amount: HUGE, outcomeCode: null },
        { kind: 'tranche', netuid: 51, trancheIndex: 1, status: 'in-block', amount: HUGE + 1n, outcomeCode: null },
        { kind: 'tranche', netuid: 51, trancheIndex: 2, status: 'finalized', amount: HUGEST, outcomeCode: null },
        { kind: 'tranche', netuid: 51, trancheIndex: 3, status: 'failed', amount: 999n, outcomeCode: OUTCOME.notIncluded },
        { kind: 'tranche', netuid: 51, trancheIndex: 4, status: 'skipped', amount: 1n, outcomeCode: chainOutcome('SlippageTooHigh') },
        { kind: 'phase1', netuid: 0, trancheIndex: -1, status: 'submitting', amount: HUGE * 2n, outcomeCode: null },
      ]);
      // Tranches of any plan that landed or may land; phase 1, failed and skipped rows do not count.
      expect(await ledger.committedSince(at(0))).toBe(HUGE + HUGE + 1n + HUGEST + 3n);
      expect(await ledger.committedSince(at(5))).toBe(HUGE + 1n + HUGEST + 3n);
      expect(await ledger.committedSince(at(61))).toBe(0n);
      expect(await ledger.recentPrices(51, 3)).toEqual([9n, 8n, 7n]);
      expect(await ledger.recentPrices(64, 5)).toEqual([10n]);
      expect((await ledger.planIds()).sort()).toEqual(['plan-a', 'plan-b']);
    });
  });

  describe('plans', () => {
    const base = {
      space: SPACE,
      title: 'Allocation',
      state: 'detected' as const,
      plan: threeLinePlan,
      cadence: 'P1D',
      acceptedAt: null,
    };

    it('round-trips a plan, lists by proposal end, and filters by state', async () => {
      const plans = new PlanStore(await open());
      await plans.insertPlan({ ...base, id: 'p2', proposalEnd: 200 }, at(0));
      await plans.insertPlan({ ...base, id: 'p1', proposalEnd: 100, state: 'accepted', acceptedAt: at(1) }, at(1));
      await plans.insertPlan({ ...base, id: 'p0', proposalEnd: 200 }, at(2));
      await expect(plans.insertPlan({ ...base, id: 'p1', proposalEnd: 1 }, at(3))).rejects.toThrow();

      const got = await plans.get('p1');
      expect(got).toEqual({
        ...base,
        id: 'p1',
        proposalEnd: 100,
        state: 'accepted',
        acceptedAt: at(1),
        activatedAt: null,
        lockEndsAt: null,
        endedAt: null,
        waiting: null,
        updatedAt: at(1),
      });
      expect(got!.plan.totalRao).toBe(threeLinePlan.totalRao);
      expect(await plans.get('nope')).toBeUndefined();
      expect((await plans.list()).map((p) => p.id)).toEqual(['p1', 'p0', 'p2']);
      expect((await plans.list(['detected'])).map((p) => p.id)).toEqual(['p0', 'p2']);
      expect(await plans.list(['halted'])).toEqual([]);
    });

    it('moves a plan only from the state the caller saw: the loser of a race gets false', async () => {
      const target = await backend.target();
      const plans = new PlanStore(await open(target));
      const other = new PlanStore(await open(target));
      await plans.insertPlan({ ...base, id: 'p', proposalEnd: 1 }, at(0));
      expect(await plans.setState('p', 'detected', 'accepted', at(1))).toBe(true);
      expect(await plans.setState('p', 'detected', 'rejected', at(2))).toBe(false);
      expect((await plans.get('p'))!.state).toBe('accepted');

      const moved = await Promise.all([
        plans.setState('p', 'accepted', 'active', at(3), { activatedAt: at(3), lockEndsAt: at(100) }),
        other.setState('p', 'accepted', 'cancelled', at(3), { ended: true }),
      ]);
      expect(moved.filter(Boolean)).toHaveLength(1);
      const after = (await plans.get('p'))!;
      expect(after.state).toBe(moved[0] ? 'active' : 'cancelled');
      if (moved[0]) expect(after).toMatchObject({ activatedAt: at(3), lockEndsAt: at(100), endedAt: null });
      else expect(after).toMatchObject({ activatedAt: null, endedAt: at(3) });
      expect(await plans.setState('nope', 'accepted', 'active', at(4))).toBe(false);
    });

    it('keeps the dates a transition does not set, and clears waiting on every move', async () => {
      const plans = new PlanStore(await open());
      await plans.insertPlan({ ...base, id: 'p', proposalEnd: 1, state: 'accepted', acceptedAt: at(0) }, at(0));
      await plans.setWaiting('p', 'balance below the tranche', at(1));
      expect(await plans.get('p')).toMatchObject({ waiting: 'balance below the tranche', updatedAt: at(1) });
      expect(await plans.setState('p', 'accepted', 'active', at(2), { activatedAt: at(2), lockEndsAt: at(50) })).toBe(true);
      expect(await plans.get('p')).toMatchObject({ waiting: null, activatedAt: at(2), lockEndsAt: at(50) });
      expect(await plans.setState('p', 'active', 'halted', at(3))).toBe(true);
      expect(await plans.setState('p', 'halted', 'active', at(4))).toBe(true);
      expect(await plans.setState('p', 'active', 'completed', at(5), { ended: true })).toBe(true);
      expect(await plans.get('p')).toMatchObject({
        state: 'completed',
        acceptedAt: at(0),
        activatedAt: at(2),
        lockEndsAt: at(50),
        endedAt: at(5),
        updatedAt: at(5),
      });
    });

    it('records a decision once, keeps the first, and lists them by proposal end', async () => {
      const plans = new PlanStore(await open());
      const d = (over: Partial<DecisionRow>): DecisionRow => ({
        proposalId: '0x1',
        space: SPACE,
        title: 'A',
        proposalEnd: 20,
        kind: 'allocation',
        outcome: 'accepted',
        executable: true,
        reasons: ['quorum met', 'parsed'],
        planId: 'p',
        decidedAt: at(0),
        ...over,
      });
      await plans.recordDecision(d({}));
      await plans.recordDecision(d({ outcome: 'rejected', executable: false, reasons: ['later'] }));
      await plans.recordDecision(
        d({ proposalId: '0x0', proposalEnd: 10, kind: 'none', outcome: 'refused', executable: false, reasons: [], planId: null }),
      );
      expect(await plans.decision('0x1')).toEqual(d({}));
      expect(await plans.decision('0x0')).toEqual(
        d({ proposalId: '0x0', proposalEnd: 10, kind: 'none', outcome: 'refused', executable: false, reasons: [], planId: null }),
      );
      expect(await plans.decision('0x2')).toBeUndefined();
      expect((await plans.decisions()).map((r) => r.proposalId)).toEqual(['0x0', '0x1']);
    });

    it('accepts an ops nonce once and counts distinct resume votes until cleared', async () => {
      const plans = new PlanStore(await open());
      expect(await plans.useNonce('n1', 'k1', at(0))).toBe(true);
      expect(await plans.useNonce('n1', 'k1', at(1))).toBe(false);
      expect(await plans.useNonce('n1', 'k2', at(1))).toBe(false);
      expect(await plans.useNonce('n2', 'k1', at(1))).toBe(true);

      expect(await plans.addResumeVote('p', 'k1', at(0))).toEqual(['k1']);
      expect(await plans.addResumeVote('p', 'k1', at(1))).toEqual(['k1']);
      expect(await plans.addResumeVote('p', 'k2', at(2))).toEqual(['k1', 'k2']);
      expect(await plans.addResumeVote('q', 'k3', at(2))).toEqual(['k3']);
      await plans.clearResumeVotes('p');
      expect(await plans.addResumeVote('p', 'k2', at(3))).toEqual(['k2']);
      expect(await plans.addResumeVote('q', 'k1', at(4))).toEqual(['k3', 'k1']);
    });
  });

  describe('proposals', () => {
    it('stores a page with its cursor, hands on final records once, and counts what changed', async () => {
      const store = new ProposalStore(await open());
      expect(await store.cursor(SPACE)).toEqual({ end: 0, ids: [] });
      const final2 = proposal(2);
      const final1 = proposal(1);
      const pending = proposal(3, { scoresState: 'pending' });
      const reject = { source: 'snapshot', proposalId: '0xbad', end: 5, raw: '{"id":"0xbad"}', reason: 'choices: expected array' };

      const counts = await store.ingest(
        SPACE,
        { records: [final2, final1, pending], rejects: [reject], held: [] },
        { end: 300, ids: ['z', 'a'] },
        at(0),
      );
      expect(counts).toEqual({ added: 3, finalised: 0, duplicates: 0, pending: 1, held: 0, quarantined: 1 });
      expect(await store.cursor(SPACE)).toEqual({ end: 300, ids: ['a', 'z'] });
      expect(await store.cursor('other.eth')).toEqual({ end: 0, ids: [] });
      // Oldest end first.
      expect(await store.toProcess(SPACE)).toEqual([final1, final2]);
      expect(await store.get(final1.id)).toEqual({
        record: final1,
        status: 'new',
        origin: 'snapshot',
        firstSeen: at(0).toISOString(),
        executable: null,
        reasons: null,
      });
      expect(await store.countByStatus(SPACE)).toEqual({ new: 2, 'final-pending': 1, held: 0, done: 0 });
      expect(await store.recheckIds(SPACE, at(1))).toEqual([reject.proposalId, pending.id].sort());

      await store.markDone(final1.id, { executable: true, reasons: ['ok'] }, at(1));
      await store.markDone(final2.id, { executable: null, reasons: [] }, at(1));
      expect(await store.get(final1.id)).toMatchObject({ status: 'done', executable: true, reasons: ['ok'] });
      expect(await store.get(final2.id)).toMatchObject({ status: 'done', executable: null, reasons: [] });
      expect(await store.toProcess(SPACE)).toEqual([]);

      // The same page again: duplicates, the pending one now final, the reject seen once more.
      const again = await store.ingest(
        SPACE,
        { records: [final1, { ...pending, scoresState: 'final' }], rejects: [reject], held: [] },
        null,
        at(2),
      );
      expect(again).toEqual({ added: 0, finalised: 1, duplicates: 1, pending: 0, held: 0, quarantined: 0 });
      expect(await store.cursor(SPACE)).toEqual({ end: 300, ids: ['a', 'z'] });
      expect(await store.toProcess(SPACE)).toEqual([{ ...pending, scoresState: 'final' }]);
      expect(await store.quarantined(SPACE)).toEqual([
        { source: 'snapshot', proposalId: '0xbad', raw: reject.raw, reason: reject.reason, times: 2, resolved: false },
      ]);
      // Past the quarantine window the reject is no longer asked about.
      expect(await store.recheckIds(SPACE, at(2), 60_000)).toEqual([]);
    });

    it('holds a record its sources disagree on, and keeps the disagreement', async () => {
      const store = new ProposalStore(await open());
      const record = proposal(7);
      const other = proposal(7, { title: 'Tampered' });
      const counts = await store.ingest(
        SPACE,
        { records: [], rejects: [], held: [{ record, other, fields: ['title', 'body'] }] },
        null,
        at(0),
      );
      expect(counts).toMatchObject({ held: 1, added: 0 });
      expect(await store.get(record.id)).toMatchObject({ status: 'held', record });
      expect(await store.disagreements(record.id)).toEqual([{ fields: ['title', 'body'], other }]);
      expect(await store.toProcess(SPACE)).toEqual([]);
      expect(await store.countByStatus(SPACE)).toEqual({ new: 0, 'final-pending': 0, held: 1, done: 0 });
    });
  });

  describe('audit trail', () => {
    /** The chain the store must produce, computed here from the definition of an entry's hash. */
    const expectedHashes = (n: number): string[] => {
      let prev = GENESIS_HASH;
      return auditInputs(n).map((e, i) => {
        const fields = {
          seq: i + 1,
          at: at(i).toISOString(),
          actor: e.actor,
          action: e.action,
          plan_id: e.planId ?? null,
          proposal_id: e.proposalId ?? null,
          reason: e.reason ?? null,
          data: e.data === undefined || e.data === null ? null : canonicalJson(e.data),
        };
        prev = entryHash(prev, fields);
        return prev;
      });
    };

    it('appends a verifiable chain whose hashes do not depend on the backend', async () => {
      const audit = new AuditLog(await open());
      expect(await audit.head()).toBeNull();
      expect(await audit.verify()).toEqual({ ok: true, count: 0 });
      const inputs = auditInputs(12);
      const appended = [];
      for (const [i, e] of inputs.entries()) appended.push(await audit.append(e, at(i)));
      const hashes = expectedHashes(12);
      expect(appended.map((e) => e.hash)).toEqual(hashes);
      expect(appended.map((e) => e.seq)).toEqual(inputs.map((_, i) => i + 1));
      expect(appended[0]!.prevHash).toBe(GENESIS_HASH);
      expect(appended[1]!.prevHash).toBe(hashes[0]);
      expect(await audit.head()).toEqual({ seq: 12, hash: hashes[11] });
      expect(await audit.count()).toBe(12);
      expect(await audit.verify()).toEqual({ ok: true, count: 12 });
      expect(await audit.verify({ seq: 5, hash: hashes[4]! })).toEqual({ ok: true, count: 12 });
      expect(await audit.verify({ seq: 5, hash: hashes[5]! })).toMatchObject({ ok: false, brokenAt: 5 });
      expect(await audit.verify({ seq: 13, hash: hashes[11]! })).toMatchObject({ ok: false, brokenAt: 13 });

      // What was stored reads back as it was given: bigint data as decimal text.
      const page = await audit.page(null, 5);
      expect(page.nextCursor).toBe(5);
      expect(page.entries).toEqual(appended.slice(0, 5));
      expect(page.entries[0]).toMatchObject({
        actor: 'ops:5Ops',
        action: 'plan.accepted',
        planId: 'plan-0',
        proposalId: null,
        reason: null,
        data: { i: 0, amount: HUGE.toString(), nested: { list: [1, 'two', null], flag: true } },
      });
      expect(page.entries[2]!.data).toBeNull();
      expect(page.entries[4]!.reason).toBe('why 4: “quoted” — ünïcode');
      const rest = await audit.page(5, 100);
      expect(rest.nextCursor).toBeNull();
      expect(rest.entries.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10, 11, 12]);
      const forPlan = await audit.page(null, 100, 'plan-1');
      expect(forPlan.entries.map((e) => e.seq)).toEqual([2, 6, 10]);
      expect(await audit.latest('plan-0', 'plan.accepted')).toEqual(appended[6]);
      expect(await audit.latest('plan-0', 'halted')).toBeNull();
      expect(await audit.countByAction()).toEqual([
        { action: 'ledger.submitted', count: 8 },
        { action: 'plan.accepted', count: 4 },
      ]);
    });

    it('refuses to alter or delete an entry', async () => {
      const db = await open();
      const audit = new AuditLog(db);
      await audit.append({ actor: 'a', action: 'x' }, T0);
      await expect(db.q.updateTable('audit_log').set({ reason: 'edited' }).where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
      await expect(db.q.deleteFrom('audit_log').where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
      expect(await audit.verify()).toEqual({ ok: true, count: 1 });
    });

    it('keeps one unbroken chain when two handles on the same store append at once', async () => {
      const target = await backend.target();
      const [one, two] = [new AuditLog(await open(target)), new AuditLog(await open(target))];
      const appends = (log: AuditLog, who: string) =>
        Array.from({ length: 20 }, (_, i) => log.append({ actor: who, action: 'concurrent', data: { i } }, at(i)));
      const entries = await Promise.all([...appends(one, 'one'), ...appends(two, 'two')]);
      expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(await one.verify()).toEqual({ ok: true, count: 40 });
      expect(await two.verify()).toEqual({ ok: true, count: 40 });
      expect(await two.count()).toBe(40);
    });
  });

  describe('transactions', () => {
    it('roll back every write inside db.tx when it throws, and keep them when it returns', async () => {
      const db = await open();
      const plans = new PlanStore(db);
      const audit = new AuditLog(db);
      const kv = new KvStore(db);
      const base = { space: SPACE, title: 'T', state: 'detected' as const, plan: threeLinePlan, cadence: 'P1D', acceptedAt: null };
      await audit.append({ actor: 'a', action: 'before' }, T0);

      await expect(
        db.tx(async () => {
          await plans.insertPlan({ ...base, id: 'doomed', proposalEnd: 1 }, at(1));
          await audit.append({ actor: 'a', action: 'doomed', planId: 'doomed' }, at(1));
          // A nested transaction joins the outer one: it is rolled back with it.
          await plans.tx(async () => {
            await kv.set('doomed', 'yes', at(1));
            await plans.recordDecision({
              proposalId: '0xdoomed',
              space: SPACE,
              title: 'T',
              proposalEnd: 1,
              kind: 'allocation',
              outcome: 'accepted',
              executable: true,
              reasons: [],
              planId: 'doomed',
              decidedAt: at(1),
            });
          });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await plans.get('doomed')).toBeUndefined();
      expect(await plans.decision('0xdoomed')).toBeUndefined();
      expect(await kv.get('doomed')).toBeUndefined();
      expect(await audit.count()).toBe(1);
      expect(await audit.verify()).toEqual({ ok: true, count: 1 });

      // The store still works after the rollback, and a transaction that returns commits.
      const out = await db.tx(async () => {
        await plans.insertPlan({ ...base, id: 'kept', proposalEnd: 1 }, at(2));
        await audit.append({ actor: 'a', action: 'kept', planId: 'kept' }, at(2));
        return 'done';
      });
      expect(out).toBe('done');
      expect((await plans.get('kept'))?.id).toBe('kept');
      expect(await audit.verify()).toEqual({ ok: true, count: 2 });
    });

    it('roll back a ledger write and its audit entries when the enclosing transaction throws', async () => {
      const db = await open();
      const ledger = new Ledger(db);
      await expect(
        db.tx(async () => {
          await ledger.recordSubmitting([entry()], tx(1), at(0));
          throw new Error('after the ledger write');
        }),
      ).rejects.toThrow('after the ledger write');
      expect(await ledger.forPlan('plan-a')).toEqual([]);
      expect(await new AuditLog(db).count()).toBe(0);
    });
  });

  describe('dry-run world', () => {
    it('loads nothing before the first save, then the last saved state', async () => {
      const world = new WorldStore(await open());
      expect(await world.load()).toBeUndefined();
      const state = JSON.stringify({ balance: HUGEST.toString(), subnets: [{ netuid: 51, price: '1234' }] });
      await world.save(state, at(0));
      expect(await world.load()).toBe(state);
      await world.save('{"later":true}', at(1));
      expect(await world.load()).toBe('{"later":true}');
    });
  });
});
