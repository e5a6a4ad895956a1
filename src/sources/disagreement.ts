import type { ProposalRecord } from '../domain/proposal';

/**
 * Goverland stores scores as 32-bit floats, so 9066311843.84 comes back as 9066311680: scores
 * agree when they are within this relative distance, which a real change of a vote exceeds.
 */
const SCORE_TOLERANCE = 1e-6;

const sameScore = (a: number, b: number): boolean => Math.abs(a - b) <= SCORE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

/** Line endings and trailing space are presentation; everything else in a body is content. */
const normBody = (s: string): string =>
  s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim();

/**
 * The fields (body, scores) on which two sources' copies of one proposal disagree. Scores are
 * compared only when both copies call them final: a lagging copy is not a contradiction.
 */
export function disagreements(a: ProposalRecord, b: ProposalRecord): string[] {
  const fields: string[] = [];
  if (normBody(a.body) !== normBody(b.body)) fields.push('body');
  if (a.scoresState !== 'final' || b.scoresState !== 'final') return fields;
  if (a.scores.length !== b.scores.length || a.scores.some((s, i) => !sameScore(s, b.scores[i]!))) fields.push('scores');
  return fields;
}
