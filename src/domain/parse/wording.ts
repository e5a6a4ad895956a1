import { issue, type ParseIssue } from './issues';
import type { TextUnit } from './markdown';

/**
 * An allocation line states one share and/or one amount for its subnet, and nothing else. A
 * first sentence that signs, ranges, changes, qualifies or discusses its figure ("SN19 (25%)
 * was discussed and rejected", "5 %, raised to 25 %", "(-25% = -221 TAO)", "5-10%") is not an
 * allocation: reading it as one would execute a figure the voters did not approve.
 */
const SIGN = /(?:^|[\s(=:/])[-–—](?=\d)|−\s?\d|\bminus\b|\bnegative\b/i;
const RANGE =
  /(?<![\p{L}\d.,])(?<!\b(?:SN|sub-?net|netuid)\s*[-#]?\s*)\d+(?:\.\d+)?\s*(?:%|\$?TAO\b|τ)?\s*(?:-|–|—|\bto\b|\.\.|\bor\b)\s*[τ]?\d+(?:\.\d+)?\s*(?:%|percent\b|\$?TAO\b|τ)/iu;
/** Words that make a figure approximate or a bound rather than the share itself. */
const APPROXIMATE = /\b(?:up\s+to|at\s+least|at\s+most|approximately|roughly|around|about|max(?:imum)?|min(?:imum)?)\b|~|≈/i;
/** Words that change or discuss the figure, or say the line is about something else than this plan. */
const DISCUSSION =
  /\b(?:raised|lowered|increased|decreased|reduced|changed|revised|adjusted|amended|updated|bumped|instead|previously|originally|formerly|initially|earlier|was|were|had\s+been|rejected|declined|discussed|debated|compared|considered|proposed|suggested|forum|versus|vs|no\s+longer|withdrawn|dropped|removed|excluded|would|could|might|between)\b/i;

/** A figure right after the subnet, behind a qualifier or sign: "SN51 (up to 25%)", "SN51 (−25%)". */
const DISGUISED =
  /^[\s(:–—=|,]*(?:(?:up\s+to|at\s+(?:least|most)|approximately|roughly|around|about|max(?:imum)?|min(?:imum)?|minus|negative)\s+|[~≈−]\s*)[τ𝞃$]?\d/iu;

/** Why a line whose figure does not follow its subnet at once is still a (disguised) allocation. */
export function disguisedAllocationProblem(rest: string): string | null {
  return DISGUISED.test(rest) ? allocationWordingProblem(rest) : null;
}

/** Why the first sentence of an allocation line is not a plain allocation, or null. */
export function allocationWordingProblem(head: string): string | null {
  const sign = SIGN.exec(head);
  if (sign)
    return `a sign in front of a figure ("${head.slice(sign.index, sign.index + 12).trim()}"); shares and amounts are positive and written without a sign`;
  const range = RANGE.exec(head);
  if (range) return `a range ("${range[0].trim()}"); state exactly one share or amount`;
  const q = APPROXIMATE.exec(head) ?? DISCUSSION.exec(head);
  if (q)
    return `"${q[0]}" qualifies, changes or discusses the figure, so this line is not read as an allocation; an allocation line states one share and/or amount for its subnet, and discussion goes in a sentence without figures`;
  return null;
}

/** "Locked for 0 days", "a -2 month DCA", "zero weeks": a duration that is no duration at all. */
const ZERO_OR_NEGATIVE =
  /(?<![\d.,])(?:[-−]\s?\d+(?:\.\d+)?|0+(?:\.0+)?|zero|no)[\s-]+(?:days?|weeks?|months?|years?)\b|\bP(?:0+[YMWD])+\b/gi;

/** "-884 TAO", "(−25%)", "= -221 TAO": a signed share or amount anywhere in the prose. */
const NEGATIVE_FIGURE = /(?:^|[\s(=:/])[-−]\s?(?:[τ𝞃]\s?)?\d[\d,.]*\s*(?:%|percent\b|\$?TAO\b|[τ𝞃])|−\s?\d/giu;

/** Shares and amounts are never negative; a sign the parser ignored would change the figure. */
export function negativeFigureProblems(units: TextUnit[]): ParseIssue[] {
  const errors: ParseIssue[] = [];
  for (const u of units) {
    u.text.split('\n').forEach((line, i) => {
      const m = line.match(NEGATIVE_FIGURE);
      if (m)
        errors.push(
          issue(
            u.line + i,
            line,
            `a negative figure ("${m[0].trim()}"); shares, amounts and totals are written without a sign — govbridge would otherwise read a different number than voters see`,
          ),
        );
    });
  }
  return errors;
}

const SCHEDULE = /lock|vote|DCA|dollar[- ]cost|tranche|purchas|buy|deploy|schedule|cadence|over|for|during|within/i;

export function zeroDurationProblems(units: TextUnit[]): ParseIssue[] {
  const errors: ParseIssue[] = [];
  for (const u of units) {
    u.text.split('\n').forEach((line, i) => {
      if (!SCHEDULE.test(line)) return;
      for (const m of line.matchAll(ZERO_OR_NEGATIVE)) {
        errors.push(
          issue(
            u.line + i,
            line,
            `"${m[0]}" is a zero or negative duration; a lock or DCA lasts a positive time (write "locked for 2 months" or remove it)`,
          ),
        );
      }
    });
  }
  return errors;
}
