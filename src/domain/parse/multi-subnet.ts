import { TAO_AMOUNT_SOURCE } from '../amount';
import type { AllocationFact } from './facts';
import { issue, type ParseIssue } from './issues';
import { readLabel } from './label';
import { readValues } from './values';

/**
 * Lines that give several subnets one share each:
 *   "5 % (44.2 TAO) each into SN51, SN64, SN19, SN4 and SN27"
 *   "SN51, SN64, SN19: 5 % each"   "SN51/SN64/SN19 — 5% each"
 *   "Five subnets at 5% (44.2 TAO) each: SN51, SN64, SN19, SN4 and SN27"
 * and whole plans in one sentence: "75% (663 TAO) stays at root and 5% (44.2 TAO) each goes
 * into SN51, SN64 … by daily or weekly DCA". The grammar is strict on purpose: the figures and
 * the subnets must be joined by a few known words, so a sentence such as "SN51 grew 20% while
 * SN64 fell 5%" is never read as a plan. One figure for several subnets needs "each".
 */
const AMT = TAO_AMOUNT_SOURCE.replace(/\((?!\?)/g, '(?:');
const PCT = '\\d+(?:\\.\\d+)?\\s*(?:%|percent\\b)';
const VALUES = `(?:\\(\\s*${PCT}\\s*[=/,]\\s*${AMT}\\s*\\)|${PCT}(?:\\s*\\(\\s*${AMT}\\s*\\)|\\s*[=/,]\\s*${AMT})?|${AMT}(?:\\s*\\(\\s*${PCT}\\s*\\))?)`;
const NAME = "\\s*\\(\\p{L}[\\p{L}\\p{N} .'&-]{0,40}\\)";
const REF = `(?:(?:SN|sub-?net|netuid)\\s*(?:[-#]\\s*)?\\d+(?![\\p{L}\\p{N}]|\\.\\d)(?:${NAME})?|(?:the\\s+)?root(?:\\s+(?:subnet|network|net))?\\b(?:\\s*\\((?:SN|subnet|netuid)[-\\s#]?0\\))?)`;
const SEP = '(?:\\s*,\\s*(?:and\\s+)?|\\s+and\\s+|\\s*&\\s*|\\s*/\\s*|\\s*\\+\\s*)';
const LIST = `${REF}(?:${SEP}${REF})*`;
const VERB =
  '(?:(?:goes|go|is|are|will\\s+(?:be|go|stay|remain)|gets?|stays?|remains?)\\s+)?(?:(?:staked|allocated|bought|deployed|invested|put|placed|kept)\\s+)?';

/** "5% (44.2 TAO) each goes into SN51, SN64 and SN19", "75% (663 TAO) stays at root". */
const VALUE_FIRST = new RegExp(
  `(${VALUES})(\\s+each)?\\s+${VERB}(?:in(?:to)?|to|at|for|across|on)\\s+(each\\s+of\\s+)?(?:the\\s+)?(?:subnets?\\s+)?(${LIST})(\\s+each\\b)?`,
  'iuy',
);
/** "SN51, SN64, SN19: 5 % each", "SN51/SN64/SN19 — 5% each", "SN51, SN64 and SN19 (5% = 44.2 TAO each)", "SN8 (50%), SN9 (50%)". */
const LIST_FIRST = new RegExp(
  `(${LIST})\\s*(?:[:–—=]|-(?=\\s)|\\bat\\b|\\bgets?\\b|\\breceives?\\b)?\\s*\\(?\\s*(${VALUES})\\s*(each\\b)?\\s*\\)?\\s*(each\\b)?`,
  'iuy',
);
/** "Five subnets at 5% (44.2 TAO) each: SN51, SN64, SN19", "5% each — SN51, SN64". */
const LIST_AFTER = new RegExp(
  `^(?:[\\p{L}' ]{0,40}?\\s(?:at|with|get|receive)\\s+)?\\(?\\s*(${VALUES})\\s*\\)?\\s*each\\s*(?:(?:in(?:to)?|to|for)\\s*)?[:–—]\\s*(${LIST})`,
  'iu',
);
const GLUE = /\s*(?:;|,)?\s*(?:and|while|with|plus)?\s*/y;
/** A short lead-in before the first share: "We propose that", "Of our 884 TAO treasury:". */
const LEAD = /^(?:[^:%]{1,60}:\s*|(?:we\s+propose(?:\s+that)?|in\s+short|in\s+summary)\s*,?\s*)?/i;
const REF_ONE = new RegExp(REF, 'giu');
const PREFIX_ANY = /(?<![\p{L}\p{N}])(?:SN|sub-?net|netuid)\s*(?:[-#]\s*)?[\p{L}\p{Nd}|]+/giu;
const FOREIGN_DIGIT = /(?![0-9])\p{Nd}/u;
const MENTIONS_SUBNET = /(?:SN|sub-?net|netuid)\s*(?:[-#]\s*)?\d|\broot\b/i;

interface Group {
  values: string;
  refs: string;
  each: boolean;
  span: [number, number];
}

/** Clauses of one shape, one after another from `pos`, joined by GLUE ("…, and …"). */
function clauses(s: string, pos: number, re: RegExp, read: (m: RegExpExecArray) => Omit<Group, 'span'>): Group[] {
  const out: Group[] = [];
  for (;;) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    out.push({ ...read(m), span: [m.index, m.index + m[0].length] });
    GLUE.lastIndex = re.lastIndex;
    pos = GLUE.exec(s) ? GLUE.lastIndex : re.lastIndex;
  }
  return out;
}

function groups(s: string): Group[] | null {
  const listFirst = clauses(s, 0, LIST_FIRST, (m) => ({ refs: m[1]!, values: m[2]!, each: Boolean(m[3] || m[4]) }));
  if (listFirst.length > 0) return listFirst;
  const la = LIST_AFTER.exec(s);
  if (la) return [{ values: la[1]!, refs: la[2]!, each: true, span: [0, la[0].length] }];
  const valueFirst = clauses(s, LEAD.exec(s)?.[0].length ?? 0, VALUE_FIRST, (m) => ({
    values: m[1]!,
    refs: m[4]!,
    each: Boolean(m[2] || m[3] || m[5]),
  }));
  return valueFirst.length > 0 ? valueFirst : null;
}

function refsOf(list: string): { netuid: number; name: string; at: number; length: number }[] {
  const out: { netuid: number; name: string; at: number; length: number }[] = [];
  REF_ONE.lastIndex = 0;
  for (let m = REF_ONE.exec(list); m; m = REF_ONE.exec(list)) {
    const label = readLabel(m[0]);
    if (label?.kind !== 'subnet') continue;
    const paren = /\((\p{L}[^()]*)\)\s*$/u.exec(m[0]);
    const name = label.netuid === 0 ? 'Root' : (paren?.[1]?.trim() ?? `SN${label.netuid}`);
    out.push({ netuid: label.netuid, name, at: m.index, length: m[0].length });
  }
  return out;
}

/**
 * The allocations of a line with several subnets, or null when the line is not of that shape
 * (one subnet with its figures is the single-line reader's). Problems are errors on the line.
 */
export function readMultiAllocation(raw: string, ctx: { line: number; text: string }, errors: ParseIssue[]): AllocationFact[] | null {
  // Most lines name no subnet at all; they are left at once.
  if (!MENTIONS_SUBNET.test(raw) || !/\d/.test(raw) || FOREIGN_DIGIT.test(raw)) return null;
  // One space for every run of white space: the patterns below then cannot backtrack over long runs.
  const s = raw.replace(/^[\s*_>|#-]+/, '').replace(/\s+/g, ' ');
  const found = groups(s);
  if (!found) return null;
  const startsWithRef = new RegExp(`^${REF}`, 'iu').test(s);
  const perGroup = found.map((g) => refsOf(g.refs));
  // One subnet with its figures at the start of the line is the ordinary allocation line.
  if (startsWithRef && found.length === 1 && perGroup[0]!.length === 1) return null;
  const out: AllocationFact[] = [];
  const before = errors.length;
  found.forEach((g, i) => {
    const refs = perGroup[i]!;
    if (refs.length > 1 && !g.each) {
      errors.push(
        issue(
          ctx.line,
          ctx.text,
          `one figure (${g.values.trim()}) is given to ${refs.length} subnets (${refs.map((r) => `SN${r.netuid}`).join(', ')}): write "${g.values.trim()} each", or one line per subnet`,
        ),
      );
      return;
    }
    const v = readValues(g.values, ctx, errors);
    if (!v) return;
    for (const r of refs)
      out.push({
        netuid: r.netuid,
        name: r.name,
        percent: v.percent,
        rao: v.rao,
        amountScale: v.scale,
        mode: null,
        line: ctx.line,
        text: ctx.text,
      });
  });
  // A subnet named on the line outside the groups would be a share nobody reads: refuse it.
  // Groups and prefixes both come in order along the line, so one walk pairs them.
  let g = 0;
  PREFIX_ANY.lastIndex = 0;
  for (let m = PREFIX_ANY.exec(s); m; m = PREFIX_ANY.exec(s)) {
    while (g < found.length && found[g]!.span[1] <= m.index) g++;
    if (g < found.length && m.index >= found[g]!.span[0]) continue;
    const label = readLabel(m[0]);
    const why =
      label?.kind === 'bad' ? label.message : `"${m[0]}" is named on this line but given no share; put it in the list or on its own line`;
    errors.push(issue(ctx.line, ctx.text, why));
  }
  return errors.length > before ? [] : out;
}

/** A subnet with its own figures: "SN64 – Chutes (5% = 44.2 TAO)", "SN9: 20%". */
const SHARE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:SN|sub-?net|netuid)\\s?(?:[-#]\\s?)?\\d+(?![\\p{L}\\p{N}])(?:\\s?[–—:-]\\s?\\p{L}[\\p{L}\\p{N} .'&]{0,30}?)?\\s?[(:=–—]?\\s?(?:${VALUES})`,
  'giu',
);

/**
 * The subnets (as "SN64") a line gives figures to. An ordinary allocation line gives them to
 * one; a line such as "SN51 – Celium (5%) and SN64 – Chutes (5%)" to two, and its second share
 * must not vanish behind the first.
 */
export function sharesOnLine(raw: string): string[] {
  if (!MENTIONS_SUBNET.test(raw)) return [];
  const s = raw.replace(/\s+/g, ' ');
  return [...s.matchAll(SHARE)].map((m) => {
    const label = readLabel(m[0]);
    return label?.kind === 'subnet' ? (label.netuid === 0 ? 'Root' : `SN${label.netuid}`) : m[0];
  });
}
