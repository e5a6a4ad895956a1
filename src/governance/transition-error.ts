import { COMMAND_CODES } from '../domain/plan-command';
import { problem, ProblemError } from '../domain/problem';

/**
 * A plan's state moved under the caller (another writer got there first, or the caller read it
 * before a move): a conflict, which the edges answer as such (HTTP 409) and a caller may retry.
 */
export class TransitionError extends ProblemError {
  override name = 'TransitionError';
  constructor(message: string, data: Record<string, unknown>) {
    super(problem(COMMAND_CODES.conflict, message, data), 'conflict');
  }
}
