import { DURATION_WORDS_SOURCE } from '../duration';

/**
 * Whether a piece of text states, or could be read as stating, part of a plan: a share, an
 * amount of TAO, a subnet number, a total, a duration, a cadence or a lock. The deception checks
 * and the hidden-construct checks refuse only such text, so harmless prose stays harmless.
 * Callers pass the TR39 skeleton of the text, so that "2-mоnth" (Cyrillic о) counts as "2-month".
 */
const PERCENT = /\d\s*(?:%|percent\b)/i;
const AMOUNT = /\d\s*\$?TAO\b|[τ𝞃]\s?\d|\d\s?[τ𝞃]/iu;
const SUBNET = /\b(?:SN|sub-?net|netuid)\s*[-#:]?\s*\d/i;
const DURATION = new RegExp(`${DURATION_WORDS_SOURCE}|\\bP\\d+[YMWD]\\b`, 'i');
const SCHEDULE_WORDS =
  /\b(?:daily|weekly|bi-?weekly|fortnightly|monthly|lock(?:ed|s|-?up)?|interim\s+votes?|DCA|dollar[- ]cost|tranches?)\b/i;
const TOTAL = /\btotal\b[^\n]{0,40}\d/i;

/** The first kind of plan fact the text could state, or null. */
export function planFactIn(text: string): string | null {
  if (PERCENT.test(text)) return 'a share';
  if (AMOUNT.test(text)) return 'an amount of TAO';
  if (SUBNET.test(text)) return 'a subnet';
  if (TOTAL.test(text)) return 'a total';
  if (DURATION.test(text)) return 'a duration';
  if (SCHEDULE_WORDS.test(text)) return 'a schedule or lock word';
  return null;
}
