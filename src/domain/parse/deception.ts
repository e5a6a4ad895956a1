import MarkdownIt from 'markdown-it';
import { issue, type ParseIssue } from './issues';
import { planFactIn } from './plan-like';
import { BIDI, HAS_INVISIBLE, INVISIBLE, codePoint, describeChar, scriptOf, skeleton, skeletonChar } from './unicode';

/**
 * Refuses text that reads differently to a voter and to govbridge. In a line that states part
 * of a plan (a share, an amount, a subnet, a duration...), an invisible or format character, a
 * combining mark on an ASCII character, or a token that mixes scripts or is made of look-alikes
 * ("Rооt" with Cyrillic о, "SN5ӏ" with a palochka) is an error naming the line, the character
 * and its code point. Elsewhere an invisible character is removed with a warning, and prose in
 * other scripts is left alone. Bidirectional controls are refused on every line.
 */
/** Anything but printable ASCII, tab and line ends: the lines worth a closer look. */
const SUSPECT = /[^\t\n\r\x20-\x7e]/;
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const NON_ASCII = /[^\u0000-\u007f]/;
const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;
const ASCII_ALNUM = /[A-Za-z0-9]/;
const MARK = /\p{M}/u;

/** An HTML character reference ("&#x53;", "&percnt;"): renderers show the character it names. */
const ENTITY = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;
/** Typographic references that cannot change a plan fact. */
const HARMLESS_ENTITY = new Set(['—', '–', '…', '’', '‘', '“', '”', '"', "'", '&', '<', '>', '\u00a0', '©', '®', '™', '·', '•']);
const decode = new MarkdownIt().utils.unescapeAll;

const shown = (text: string) => text.replace(INVISIBLE, (c) => `<${codePoint(c)}>`);

/** The non-blank run around position `at`, for "inside "25%"" in messages. */
function around(line: string, at: number): string {
  let start = at;
  let end = at;
  // Only plain spaces end the run: some invisible characters (U+FEFF, U+2028) count as \s.
  while (start > 0 && !/[ \t]/.test(line[start - 1]!) && at - start < 40) start--;
  while (end < line.length && !/[ \t]/.test(line[end]!) && end - at < 40) end++;
  return shown(line.slice(start, end));
}

function invisibleIssues(line: string, n: number, fact: string | null, errors: ParseIssue[], warnings: ParseIssue[]): void {
  const chars = [...line.matchAll(INVISIBLE)];
  const bidi = chars.filter((m) => BIDI.test(m[0]));
  if (bidi.length > 0) {
    const names = [...new Set(bidi.map((m) => codePoint(m[0])))].join(', ');
    errors.push(issue(n, shown(line), `bidirectional control character (${names}) can reorder what voters see; remove it`));
    return;
  }
  if (fact === null) {
    const names = [...new Set(chars.map((m) => codePoint(m[0])))].join(', ');
    warnings.push(issue(n, shown(line), `invisible character (${names}) removed`));
    return;
  }
  const seen = new Set<string>();
  for (const m of chars) {
    if (seen.has(m[0])) continue;
    seen.add(m[0]);
    errors.push(
      issue(
        n,
        shown(line),
        `invisible character ${describeChar(m[0])} inside "${around(line, m.index)}" in a line that states ${fact}; voters cannot see it, so remove it and retype the line`,
      ),
    );
  }
}

/** Look-alike letters and combining marks in the tokens of a plan line. */
function confusableIssues(line: string, n: number, fact: string, errors: ParseIssue[]): void {
  for (const m of line.matchAll(TOKEN)) {
    const token = m[0];
    if (!NON_ASCII.test(token)) continue;
    const chars = [...token];
    const mark = chars.findIndex((c, i) => MARK.test(c) && !HAS_INVISIBLE.test(c) && i > 0 && chars[i - 1]!.charCodeAt(0) < 0x80);
    if (mark > 0) {
      errors.push(
        issue(
          n,
          shown(line),
          `combining mark ${codePoint(chars[mark]!)} on "${chars[mark - 1]}" inside "${token}" in a line that states ${fact}; it changes how the character looks; remove it`,
        ),
      );
      continue;
    }
    const odd = chars.filter(
      (c) => c.charCodeAt(0) >= 0x80 && /[\p{L}\p{N}]/u.test(c) && skeletonChar(c) !== c && !NON_ASCII.test(skeletonChar(c)),
    );
    if (odd.length === 0) continue;
    const looksAscii = !NON_ASCII.test(skeleton(token));
    if (!ASCII_ALNUM.test(token) && !looksAscii) continue;
    const named = [...new Set(odd)].map((c) => `'${c}' (${codePoint(c)}, ${scriptOf(c)}) looks like "${skeletonChar(c)}"`).join(', ');
    errors.push(
      issue(
        n,
        shown(line),
        `look-alike characters in "${token}" (reads as "${skeleton(token)}") in a line that states ${fact}: ${named}; write it in plain Latin letters and ASCII digits`,
      ),
    );
  }
}

/**
 * A character reference in a plan line shows voters one character while the text holds another
 * ("&#x53;N51" renders as SN51; "&#100;aily" as daily): refused, unless it is plain typography.
 */
function entityIssues(line: string, n: number, errors: ParseIssue[]): void {
  const refs = [...line.matchAll(ENTITY)].map((m) => ({ ref: m[0], char: decode(m[0]) })).filter((r) => r.char !== r.ref);
  if (refs.length === 0) return;
  const fact = planFactIn(skeleton(line.replace(ENTITY, (r) => decode(r))));
  if (fact === null) return;
  for (const r of refs.filter((x) => !HARMLESS_ENTITY.has(x.char))) {
    const c = [...r.char][0]!;
    errors.push(
      issue(
        n,
        line,
        `HTML character reference "${r.ref}" (renders as ${HAS_INVISIBLE.test(c) ? describeChar(c) : `"${r.char}" ${codePoint(c)}`}) in a line that states ${fact}; write the character itself`,
      ),
    );
  }
}

export function scanDeception(body: string): { text: string; errors: ParseIssue[]; warnings: ParseIssue[] } {
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const start = body.startsWith('\ufeff') ? body.slice(1) : body;
  const hasEntity = start.includes('&');
  if (!SUSPECT.test(start) && !hasEntity) return { text: start, errors, warnings };
  const lines = start.split('\n').map((line, i) => {
    if (hasEntity && line.includes('&')) entityIssues(line, i + 1, errors);
    if (!SUSPECT.test(line)) return line;
    const fact = planFactIn(skeleton(line));
    if (HAS_INVISIBLE.test(line)) invisibleIssues(line, i + 1, fact, errors, warnings);
    if (fact !== null) confusableIssues(line, i + 1, fact, errors);
    const stripped = line.replace(INVISIBLE, '');
    // A line of only invisible characters is not blank to a renderer (it joins the paragraphs
    // around it); a no-break space keeps it a non-blank line here too.
    return stripped.trim() === '' && line.trim() !== '' ? `${stripped}\u00a0` : stripped;
  });
  return { text: lines.join('\n'), errors, warnings };
}
