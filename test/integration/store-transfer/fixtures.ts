/** A store that touches every exported table, and helpers to read an export file back. */
import fs from 'node:fs';
import type { Db } from '../../../src/store/db';
import { KvStore } from '../../../src/store/kv';
import { LeaseStore } from '../../../src/store/lease';
import { WorldStore } from '../../../src/store/world';
import { Ledger } from '../../../src/store/ledger';
import { PlanStore } from '../../../src/store/plans';
import { ProposalStore } from '../../../src/store/proposals';
import { AuditLog } from '../../../src/store/audit';
import { AuthenticityStore } from '../../../src/store/authenticity';
import type { ExportHeader } from '../../../src/store/transfer';
import { threeLinePlan } from '../../helpers/three-line-plan';
import { HUGE, HUGEST, SPACE, T0, at, auditInputs, entry, inclusion, proposal, tx } from '../store-contract/fixtures';
import { problem } from '../../../src/domain/problem';
import { chainOutcome } from '../../../src/domain/execution/outcome';

export { HUGE, HUGEST, SPACE, T0, at, entry, proposal, tx };

/** The lease token of the last holder: the fencing trigger accepts only it after an import. */
export const LAST_TOKEN = 2;

/**
 * Fills `db` the way a running service would: an audit trail, plans moving through states,
 * decisions, ops nonces and resume votes, a page of proposals with rejects (quarantine) and a
 * disagreement, authenticity verdicts, kv, and ledger rows with amounts far above 2^63 written
 * under two lease holders in turn, so the ledger holds rows of an older token than the lease.
 */
export async function fillStore(db: Db): Promise<void> {
  const kv = new KvStore(db);
  await kv.set('cursor', '41', T0);
  await kv.set('ünïcode “key”', 'a value\nover two lines', at(1));

  const audit = new AuditLog(db);
  for (const [i, e] of auditInputs(12).entries()) await audit.append(e, at(i));

  const plans = new PlanStore(db);
  const base = { space: SPACE, title: 'Allocation', plan: threeLinePlan, cadence: 'P1D' };
  await plans.insertPlan({ ...base, id: 'plan-a', state: 'detected', proposalEnd: 1_740_000_000, acceptedAt: null }, at(0));
  await plans.setState('plan-a', 'detected', 'accepted', at(1));
  await plans.setState('plan-a', 'accepted', 'active', at(2), { activatedAt: at(2), lockEndsAt: at(90_000) });
  await plans.insertPlan({ ...base, id: 'plan-b', state: 'detected', proposalEnd: 1_740_003_600, acceptedAt: null }, at(3));
  await plans.setWaiting('plan-b', 'waiting for the vote to end', at(4));
  const decision = {
    space: SPACE,
    title: 'Allocation',
    kind: 'allocation' as const,
    reasons: ['quorum met', 'parsed'],
    decidedAt: at(5),
  };
  await plans.recordDecision({ ...decision, proposalId: '0x1', proposalEnd: 20, outcome: 'accepted', executable: true, planId: 'plan-a' });
  await plans.recordDecision({ ...decision, proposalId: '0x0', proposalEnd: 10, outcome: 'refused', executable: false, planId: null });
  await plans.useNonce('nonce-1', '5Ops', at(6));
  await plans.useNonce('nonce-2', '5Ops', at(7));
  await plans.addResumeVote('plan-a', '5OpsA', at(8));
  await plans.addResumeVote('plan-a', '5OpsB', at(9));

  const proposals = new ProposalStore(db);
  const reject = (n: number) => ({
    source: 'snapshot',
    proposalId: `0xbad${n}`,
    end: 5 + n,
    raw: `{"id":"0xbad${n}"}`,
    reason: 'choices: expected array',
  });
  await proposals.ingest(
    SPACE,
    {
      records: [proposal(1), proposal(2), proposal(3, { scoresState: 'pending' })],
      rejects: [reject(1), reject(2)],
      held: [{ record: proposal(7), other: proposal(7, { title: 'Tampered' }), fields: ['title', 'body'] }],
    },
    { end: 300, ids: ['z', 'a'] },
    at(10),
  );
  await proposals.markDone(proposal(1).id, { executable: true, reasons: ['ok'] }, at(11));

  const authenticity = new AuthenticityStore(db);
  await authenticity.record(
    proposal(1).id,
    { status: 'verified', cid: 'bafkreigh2akiscaildc', signer: '0xSigner', fields: ['title', 'body'], detail: 'sha256 matches' },
    at(12),
  );
  await authenticity.record(proposal(2).id, { status: 'pending', cid: null, detail: 'gateway timeout' }, at(12));

  // Two holders in turn: rows of token 1, then a takeover and rows of token 2.
  const lease = new LeaseStore(db);
  let token: number | null = null;
  const ledger = new Ledger(db, () => token);
  const world = new WorldStore(db, () => token);
  token = (await lease.acquire('executor-a', 3000, 1000)).token;
  const t1 = tx(1);
  await ledger.recordSubmitting([entry({ amount: HUGE, limitPrice: HUGEST }), entry({ netuid: 64, hotkey: '5HotkeyB' })], t1, at(20));
  await ledger.markInBlock(t1.txHash, 2001, '0xb1', at(21));
  const event = { kind: 'added' as const, coldkey: '5Cold', taoRao: HUGE, alpha: HUGEST, feeRao: 3n };
  await ledger.markIncluded(t1.txHash, inclusion(t1, { stakes: [{ ...event, netuid: 51, hotkey: '5HotkeyA' }] }), at(22));
  await world.save('{"v":1}', at(22));
  token = (await lease.acquire('executor-b', 3000, 10_000)).token;
  if (token !== LAST_TOKEN) throw new Error(`expected lease token ${LAST_TOKEN}, got ${token}`);
  await ledger.recordRefused(
    entry({ trancheIndex: 1 }),
    'skipped',
    problem(chainOutcome('SlippageTooHigh'), 'SlippageTooHigh: price moved'),
    at(23),
  );
  await ledger.recordSubmitting([entry({ trancheIndex: 2, amount: HUGEST - 1n })], tx(2), at(24));
  await world.save('{"v":2}', at(24));
}

export interface ExportFile {
  header: ExportHeader;
  /** The rows of each table, in the file's order. */
  rows: Record<string, Record<string, unknown>[]>;
  /** The row lines as written, after the header. */
  lines: string[];
}

export function readExport(file: string): ExportFile {
  const [first, ...rest] = fs.readFileSync(file, 'utf8').split('\n');
  const lines = rest.filter((l) => l !== '');
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const line of lines) {
    const { t, r } = JSON.parse(line) as { t: string; r: Record<string, unknown> };
    (rows[t] ??= []).push(r);
  }
  return { header: JSON.parse(first!) as ExportHeader, rows, lines };
}
