import { chainErrorOf } from '../chain/errors';
import { isProblemError, problem, type Problem } from '../domain/problem';
import { DuplicateSubmissionError, FencedWriteError } from '../store/ledger';
import { storeProblemOf } from '../store/problem';

/**
 * The problem a tick that threw is reported as, coded so that metrics and callers match on the
 * code and never on the words: `tick.store.<StoreProblem>` for a store that cannot be used (the
 * store guard and /ready watch those), `tick.fenced` for a writer without the executor lease,
 * `tick.duplicate` for a second live row refused by the store, `tick.chain.<ChainErrorKind>` for
 * the chain, the problem's own code for a ProblemError, and `tick.internal` for anything else.
 */
export function tickProblem(e: unknown): Problem {
  const message = e instanceof Error ? e.message : String(e);
  // The store is asked first: its lost connections are worded like the chain's.
  const store = storeProblemOf(e);
  if (store) return problem(`tick.store.${store}`, message, { store });
  if (e instanceof FencedWriteError) return problem('tick.fenced', message);
  if (e instanceof DuplicateSubmissionError) return problem('tick.duplicate', message);
  if (isProblemError(e)) return e.problem;
  const chain = chainErrorOf(e);
  if (chain) return problem(`tick.chain.${chain.kind}`, message, { name: chain.name });
  return problem('tick.internal', message);
}
