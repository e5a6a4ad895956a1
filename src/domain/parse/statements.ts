import { TAO_AMOUNT_SOURCE, parseDecimal, decimalTaoToRao } from '../amount';
import { DURATION_WORDS_SOURCE, readDurationWords } from '../duration';
import type { FigureFact } from './facts';

/**
 * Sentence-level statements in prose: the total, durations (DCA or lock), cadences and the
 * schedule figures a proposal states. Each function reads one sentence of plain text.
 */
const AMT = TAO_AMOUNT_SOURCE;
const TOTAL_PATTERNS = [
  new RegExp(`\\btotal(?:\\s+(?:of|treasury|budget|stake|amount))?\\s*(?:[:=]|\\bis\\b|\\bof\\b)?\\s*${AMT}`, 'gi'),
  // "allocating its 884 TAO stake", "allocate the DAO's 500 TAO stake"
  new RegExp(
    `\\b(?:re)?allocat(?:ion|ing|e)\\s+(?:of\\s+)?(?:(?:its|our|the|their|all|a|total|\\p{L}+['’]s)\\s+)*${AMT}(?!\\s+(?:to|into|in|for)\\s+(?:SN|sub-?net|netuid|root)\\b)`,
    'giu',
  ),
  new RegExp(`${AMT}\\s+(?:is|will\\s+be|are)\\s+split\\b`, 'gi'),
  new RegExp(`\\btreasury\\s+(?:of|holds|holding)\\s+${AMT}`, 'gi'),
  // "Treasury: 500 TAO", "a budget of 500 TAO." — the figure must end the clause, so that
  // "treasury: 1999.4 TAO goes to SN4" stays a share.
  new RegExp(`\\b(?:treasury|budget|stake)\\s*(?:[:=]|\\bis\\b|\\bof\\b)\\s*${AMT}(?=\\s*(?:$|[.;,)!]|in\\s+total\\b))`, 'gi'),
  // "Of our 884 TAO treasury", "the DAO's 500 TAO stake" (but not "its 44 TAO stake in SN51")
  new RegExp(
    `\\b(?:our|its|their|the|\\p{L}+['’]s)\\s+${AMT}\\s+(?:treasury|stake|budget)\\b(?!\\s+(?:to|into|in|for|at)\\s+(?:SN|sub-?net|netuid|root)\\b)`,
    'giu',
  ),
  new RegExp(`${AMT}\\s+(?:in\\s+total|total)\\b`, 'gi'),
];

/** Cheap tests that let most sentences skip the heavier patterns. */
const MENTIONS_TAO = /TAO|τ/i;
const MENTIONS_TIME = /da(?:y|ily)|week|month|year|fortnight|P\d/i;

/** Every match of a global regex without cloning it per call (String.matchAll would). */
function* execAll(re: RegExp, s: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    yield m;
    if (m[0] === '') re.lastIndex++;
  }
}

export interface Found<T> {
  value: T;
  index: number;
  text: string;
  /** The statement sits inside parentheses: it qualifies a group, not the whole sentence. */
  inParens?: boolean;
}

/** Whether `index` is inside an open parenthesis of the sentence. */
function insideParens(sentence: string, index: number): boolean {
  let depth = 0;
  for (let i = 0; i < index; i++) {
    const c = sentence[i];
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
  }
  return depth > 0;
}

function amountOf(m: RegExpExecArray, firstGroup: number): bigint | null {
  const num = m[firstGroup] ?? m[firstGroup + 1];
  if (num === undefined) return null;
  const d = parseDecimal(num);
  if (!d.ok) return null;
  const r = decimalTaoToRao(d.value);
  return r.ok ? r.value : null;
}

/** Statements of the whole amount the proposal moves ("Allocation of 884 TAO", "884 TAO is split"). */
export function findTotals(sentence: string): Found<bigint>[] {
  const out: Found<bigint>[] = [];
  if (!MENTIONS_TAO.test(sentence)) return out;
  for (const re of TOTAL_PATTERNS) {
    for (const m of execAll(re, sentence)) {
      const rao = amountOf(m, 1);
      if (rao !== null) out.push({ value: rao, index: m.index, text: m[0], inParens: insideParens(sentence, m.index) });
    }
  }
  return out;
}

const DCA_WORDS = /\bDCA\b|\bdollar[- ]cost\b|\btranches?\b|\bpurchas\w*|\bbuy(?:ing|s)?\b|\bdeploy\w*|\bschedule\b/gi;

const DURATION = new RegExp(`${DURATION_WORDS_SOURCE}|\\bP(?:\\d+[YMWD])+\\b`, 'gi');
const HAS_AMOUNT = new RegExp(AMT, 'i');

const positions = (re: RegExp, s: string) => [...execAll(re, s)].map((m) => m.index);

/** Distance from `at` to the nearest of the sorted positions (binary search keeps it linear overall). */
function distance(at: number, sorted: number[]): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  const after = sorted[lo];
  const before = sorted[lo - 1];
  return Math.min(after === undefined ? Infinity : after - at, before === undefined ? Infinity : at - before);
}

/** "-30 days", "minus 30 days": tested on the few characters before a duration (sticky from a fixed start would not fit). */
const NEGATIVE = /(?:^|[\s(:])(?:-|−|minus\s?)$/i;

export interface Durations {
  dca: Found<string>[];
  lock: Found<string>[];
  /** Phrases that look like a duration of the DCA or the lock but are not one ("0 days", "-30 days"). */
  problems: Found<string>[];
}

/**
 * Durations in a sentence, each attributed to the DCA or the lock by the nearest keyword;
 * `lockAt` are the positions where the sentence speaks of the lock (see lock.ts).
 */
export function findDurations(sentence: string, lockAt: number[]): Durations {
  const result: Durations = { dca: [], lock: [], problems: [] };
  if (lockAt.length === 0 && !MENTIONS_TIME.test(sentence)) return result;
  const dcaAt = positions(DCA_WORDS, sentence);
  for (const m of [...execAll(DURATION, sentence)]) {
    // A bounded look back keeps this linear on a sentence full of durations.
    const before = sentence.slice(Math.max(0, m.index - 16), m.index);
    // "once a day" or "1 TAO a week" is a rate, not how long anything lasts.
    if (/^an?\b/i.test(m[0]) && /(?:once|twice|per|every|each|TAO|τ)\s*$/i.test(before)) continue;
    // "tranches every 7 days" is a cadence.
    if (/\b(?:every|each|per)\s*$/i.test(before)) continue;
    const toLock = distance(m.index, lockAt);
    const toDca = distance(m.index, dcaAt);
    if (toLock === Infinity && toDca === Infinity) continue;
    const read = readDurationWords(m[0].toUpperCase().startsWith('P') && /\d/.test(m[0][1] ?? '') ? m[0].toUpperCase() : m[0]);
    const negative = NEGATIVE.test(before);
    if (!read.ok || negative) {
      const why = negative ? `"-${m[0]}" is a negative duration; state how long, e.g. "2 months"` : read.ok ? '' : read.errors[0]!;
      result.problems.push({ value: `${toLock <= toDca ? 'lock' : 'DCA'}: ${why}`, index: m.index, text: m[0] });
      continue;
    }
    (toLock <= toDca ? result.lock : result.dca).push({ value: read.value, index: m.index, text: m[0] });
  }
  return result;
}

const CADENCE_WORDS: [RegExp, string][] = [
  [/\bdaily\b|\b(?:every|each|per|once\s+(?:a|per))\s+day\b/i, 'P1D'],
  [
    /\b(?:bi-?weekly|fortnightly)\b|\bevery\s+(?:two|2)\s+weeks\b|\bevery\s+(?:fourteen|14)\s+days\b|\bevery\s+other\s+week\b|\b(?:every|each|once\s+a)\s+fortnight\b/i,
    'P2W',
  ],
  [/(?<!bi-?)\bweekly\b|\b(?:every|each|per|once\s+(?:a|per))\s+week\b|\bevery\s+(?:seven|7)\s+days\b/i, 'P1W'],
  [/\bmonthly\b|\b(?:every|each|per|once\s+(?:a|per))\s+month\b/i, 'P1M'],
];
const CADENCE_CONTEXT = /purchas|\bbuy|tranche|interval|basis|deploy|\bDCA\b|cadence|frequen|dollar[- ]cost|instal/i;
/** "We report weekly on the DCA" is about reporting, not about how often to buy. */
const NOT_CADENCE = /\breport|\breview|\bupdate|\bnewsletter|\bcall\b|\bmeeting/i;
const CADENCE_WORD = '(?:daily|weekly|bi-?weekly|fortnightly|monthly)';
/**
 * In a sentence that also states amounts ("5% (44.2 TAO) each … by daily or weekly DCA") only a
 * cadence word that directly qualifies the buying counts: the amounts may be schedule figures.
 */
const TIGHT_CADENCE = new RegExp(
  `\\b(?:by|via|through|with|using|in)\\s+(${CADENCE_WORD}(?:\\s*(?:,|or|and|/)\\s*${CADENCE_WORD})*)\\s+(?:DCA|purchases|tranches|buys|instal?lments)\\b|\\bon\\s+an?\\s+(${CADENCE_WORD}(?:\\s*(?:,|or|and|/)\\s*${CADENCE_WORD})*)\\s+basis\\b`,
  'i',
);
/** Cadences govbridge cannot run; a sentence naming one is reported rather than dropped. */
export const UNKNOWN_CADENCE =
  /\b(?:hourly|quarterly|bi-?monthly|twice\s+(?:a|per)\s+(?:day|week|month)|(?:twice|thrice|(?:\d+|two|three|four)\s+times)\s+(?:daily|weekly|monthly|a\s+(?:day|week|month))|every\s+other\s+day|every\s+(?!(?:7|seven|14|fourteen)\s+days|(?:2|two)\s+weeks)(?:\d+|two|three|four|few|couple\s+of)\s+(?:hours?|days|weeks|months))\b/i;

/** "twice weekly" is not weekly: a multiplier before a cadence word makes it one govbridge cannot run. */
const MULTIPLIED = /\b(?:twice|thrice|(?:\d+|two|three|four)\s+times)\s*$/i;

function cadencesIn(text: string, offset: number): Found<string>[] {
  const out: Found<string>[] = [];
  for (const [re, iso] of CADENCE_WORDS) {
    const m = re.exec(text);
    if (m && !MULTIPLIED.test(text.slice(Math.max(0, m.index - 16), m.index)))
      out.push({ value: iso, index: offset + m.index, text: m[0] });
  }
  return out;
}

/** Cadences a sentence allows ("executed on a daily or weekly basis"); figures are not cadences. */
export function findCadences(sentence: string): Found<string>[] {
  if (!MENTIONS_TIME.test(sentence) || !CADENCE_CONTEXT.test(sentence) || NOT_CADENCE.test(sentence)) return [];
  if (!HAS_AMOUNT.test(sentence)) return cadencesIn(sentence, 0);
  const tight = TIGHT_CADENCE.exec(sentence);
  if (!tight) return [];
  return cadencesIn(tight[0], tight.index);
}

const NUM = '(?<![\\d,.])\\d[\\d,]*(?:\\.\\d+)?';
const RANGE = new RegExp(`(?:~\\s?)?(${NUM})\\s?(?:-|–|—|to)\\s?~?(${NUM})\\s?(?:\\$?TAO\\b|τ)|(?:~\\s?)?${AMT}`, 'i');
const PERIODS: [RegExp, FigureFact['period']][] = [
  [/\bper\s+day\b|\bdaily\b|\ba\s+day\b/i, 'day'],
  [/\bper\s+week\b|\bweekly\b|\ba\s+week\b/i, 'week'],
  [/\bper\s+month\b|\bmonthly\b|\ba\s+month\b/i, 'month'],
  [new RegExp(`\\b(?:over|across|during)\\s+(?:the\\s+)?${DURATION_WORDS_SOURCE}`, 'i'), 'whole'],
];

/** A stated schedule figure ("Approximate weekly deployment per subnet: ~5.525-11.05 TAO"). */
export function findFigure(sentence: string): Omit<FigureFact, 'line' | 'text'> | null {
  if (!MENTIONS_TAO.test(sentence) || !MENTIONS_TIME.test(sentence)) return null;
  const period = PERIODS.find(([re]) => re.test(sentence))?.[1];
  if (!period) return null;
  const m = RANGE.exec(sentence);
  if (!m) return null;
  const texts = m[1] !== undefined ? [m[1], m[2]!] : [m[3] ?? m[4]!];
  const values: FigureFact['values'] = [];
  for (const t of texts) {
    const d = parseDecimal(t);
    if (!d.ok) return null;
    const rao = decimalTaoToRao(d.value);
    if (!rao.ok) return null;
    values.push({ rao: rao.value, scale: d.value.scale, text: t });
  }
  const scope = /\b(?:across|for)\s+all\b|\ball\s+subnets\b|\bcombined\b|\bin\s+total\b/i.test(sentence) ? 'all' : 'subnet';
  const label =
    sentence
      .slice(0, m.index)
      .replace(/[:\s~]+$/, '')
      .trim() || sentence.trim();
  return { period, scope, values, label, written: m[0].trim() };
}
