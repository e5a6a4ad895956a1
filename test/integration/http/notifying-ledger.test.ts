import path from 'node:path';
import { openDb, type Db } from '../../../src/store/db';
import { NotifyingLedger } from '../../../src/wiring/notifying-ledger';
import type { Notification } from '../../../src/notify/events';
import { chainError, refusalProblem } from '../../../src/chain/errors';
import { OUTCOME, chainOutcome } from '../../../src/domain/execution/outcome';
import { problem } from '../../../src/domain/problem';
import { tempDir } from '../../helpers/tmp';
import { T0, entry, inclusion, tx } from '../store-contract/fixtures';

describe('tranche webhooks carry the outcome code', () => {
  const dir = tempDir();
  let db: Db;
  let sent: Notification[];
  let ledger: NotifyingLedger;
  beforeEach(async () => {
    db = await openDb(path.join(dir, `${Date.now()}-${Math.random()}.sqlite`));
    sent = [];
    ledger = new NotifyingLedger(db, (n) => void sent.push(n));
  });
  afterEach(() => db.close());

  const codes = () => sent.map((n) => [n.event, n.data?.code]);

  it('of a tranche refused before sending', async () => {
    await ledger.recordRefused(entry(), 'skipped', problem(chainOutcome('SlippageTooHigh'), 'SlippageTooHigh: quote'), T0);
    expect(codes()).toEqual([['tranche.skipped', 'chain.SlippageTooHigh']]);
    expect(sent[0]!.data?.reason).toBe('SlippageTooHigh: quote');
  });

  it('of a tx refused by the chain, or that can never land', async () => {
    await ledger.recordSubmitting([entry()], tx(1), T0);
    await ledger.markRefused(tx(1).txHash, 'failed', refusalProblem(chainError('module', 'NotEnoughBalanceToStake', 'no funds')), T0);
    await ledger.recordSubmitting([entry({ trancheIndex: 1 })], tx(2), T0);
    await ledger.markRefused(tx(2).txHash, 'failed', problem(OUTCOME.notIncluded, 'NotIncluded: its era expired unused'), T0);
    expect(codes()).toEqual([
      ['tranche.failed', 'chain.NotEnoughBalanceToStake'],
      ['tranche.failed', OUTCOME.notIncluded],
    ]);
  });

  it('of an action that failed inside an included batch, and none for a finalized one', async () => {
    await ledger.recordSubmitting([entry(), entry({ netuid: 64 })], tx(3), T0);
    const failure = chainError('module', 'HotKeyNotRegisteredInSubNet', 'not registered');
    await ledger.markIncluded(tx(3).txHash, inclusion(tx(3), { failures: [{ index: 1, error: failure }] }), T0);
    expect(codes()).toEqual([
      ['tranche.finalized', undefined],
      ['tranche.failed', 'chain.HotKeyNotRegisteredInSubNet'],
    ]);
    expect(sent[0]!.data).not.toHaveProperty('code');
    expect((await ledger.byTx(tx(3).txHash)).map((r) => r.outcomeCode)).toEqual([null, 'chain.HotKeyNotRegisteredInSubNet']);
  });
});
