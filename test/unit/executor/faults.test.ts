import { tickProblem } from '../../../src/executor/faults';
import { chainError, chainErrorOf, refusalProblem } from '../../../src/chain/errors';
import { ChainStartError } from '../../../src/chain/subtensor';
import { ProblemError, problem } from '../../../src/domain/problem';
import { DuplicateSubmissionError, FencedWriteError } from '../../../src/store/ledger';
import { StoreError } from '../../../src/store/problem';

/** An error as the SQLite and PostgreSQL drivers raise them: a code beside the message. */
const driverError = (message: string, fields: Record<string, unknown>): Error => Object.assign(new Error(message), fields);

describe('tickProblem', () => {
  it('codes store errors by their store problem, whatever the driver', () => {
    expect(tickProblem(driverError('database or disk is full', { code: 'SQLITE_FULL' }))).toMatchObject({
      code: 'tick.store.disk-full',
      data: { store: 'disk-full' },
    });
    expect(tickProblem(driverError('terminating connection', { code: '57P01', severity: 'FATAL' })).code).toBe('tick.store.unreachable');
    expect(tickProblem(new StoreError('store file replaced')).code).toBe('tick.store.other');
  });

  it("codes the store's refusals of a write", () => {
    expect(tickProblem(new FencedWriteError('fenced: this writer does not hold the current executor lease')).code).toBe('tick.fenced');
    expect(tickProblem(new DuplicateSubmissionError('a live ledger row already exists')).code).toBe('tick.duplicate');
  });

  it('codes chain errors by their ChainErrorKind, keeping the name in data', () => {
    const start = new ChainStartError(chainError('authority', 'BadSeed', 'not a valid seed'));
    expect(tickProblem(start)).toEqual(problem('tick.chain.authority', 'not a valid seed', { name: 'BadSeed' }));
    expect(tickProblem(chainError('timeout', 'Timeout', 'no answer in 60 s'))).toMatchObject({ code: 'tick.chain.timeout' });
    expect(tickProblem(new Error('WebSocket is not connected')).code).toBe('tick.chain.connection');
  });

  it("keeps a ProblemError's own problem, and codes anything else as internal", () => {
    const refused = problem('rule.quorum', 'quorum not met');
    expect(tickProblem(new ProblemError(refused, 'refused'))).toBe(refused);
    expect(tickProblem(new TypeError("Cannot read properties of undefined (reading 'x')"))).toEqual(
      problem('tick.internal', "Cannot read properties of undefined (reading 'x')"),
    );
    expect(tickProblem('a thrown string').code).toBe('tick.internal');
  });

  it('decides by the error, not by its words', () => {
    // Worded like a chain error, but a store error: the store is asked first.
    expect(tickProblem(driverError('socket hang up', { code: 'ECONNRESET' })).code).toBe('tick.store.unreachable');
    // Worded like a store error, but nothing says it is one.
    expect(tickProblem(new Error('database or disk is full')).code).toBe('tick.internal');
  });
});

describe('chain errors as problems', () => {
  it('reads a ChainError carried by an error, or thrown as it is, and nothing else', () => {
    const e = chainError('module', 'NotEnoughBalanceToStake', 'SubtensorModule.NotEnoughBalanceToStake');
    expect(chainErrorOf(new ChainStartError(e))).toBe(e);
    expect(chainErrorOf(e)).toBe(e);
    expect(chainErrorOf(new Error('no staking actions to send'))).toBeNull();
    expect(chainErrorOf({ error: { kind: 'not-a-kind', name: 'X' } })).toBeNull();
  });

  it("codes a refusal by the chain's name for it, worded as the ledger has always worded it", () => {
    const e = chainError('invalid-tx', 'SlippageTooHigh', 'the chain refused the transaction: SlippageTooHigh');
    expect(refusalProblem(e)).toEqual(
      problem('chain.SlippageTooHigh', 'SlippageTooHigh: the chain refused the transaction: SlippageTooHigh', { kind: 'invalid-tx' }),
    );
  });
});
