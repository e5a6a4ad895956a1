/**
 * A problem as a value: a stable `code` that logic, metrics, webhooks and tests match on, a
 * `message` for people, and `data` for what a caller may show or act on. Rewording a message
 * never changes behaviour; only codes do, and codes are part of the contract.
 *
 * Codes are dotted, lower-case families (`rule.quorum`, `ops.stale`, `tick.chain`), except that a
 * chain's own error names keep their spelling after the family (`chain.NotEnoughBalanceToStake`).
 */
export interface Problem {
  readonly code: string;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export const problem = (code: string, message: string, data?: Record<string, unknown>): Problem =>
  data === undefined ? { code, message } : { code, message, data };

/**
 * What kind of refusal a problem is, for the edges to map (HTTP status, exit code): `conflict`
 * when the state moved under the caller (a race: retry after reading again), `invalid` for bad
 * input, `not-found`, `refused` when a rule says no, `unavailable` when a dependency is down.
 */
export type ProblemKind = 'conflict' | 'invalid' | 'not-found' | 'refused' | 'unavailable';

/** An error that carries a Problem and its kind across a throw, to the one place that maps it. */
export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(
    readonly problem: Problem,
    readonly kind: ProblemKind,
  ) {
    super(problem.message);
  }
}

export const isProblemError = (e: unknown): e is ProblemError => e instanceof ProblemError;
