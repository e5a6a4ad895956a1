import { issue, type ParseIssue } from './issues';

/**
 * Defences that run before any reading: the size limit, and invisible characters. A zero-width
 * character next to a digit can make "SN5\u200B1" look like SN51 to a voter while meaning
 * something else to a machine, so it is an error; elsewhere it is removed with a warning.
 * Bidirectional controls can reorder what a voter sees and are always an error.
 */
export const MAX_BODY_BYTES = 256 * 1024;
/** Deepest markdown nesting accepted (lists in quotes in lists...); the seed needs 3. */
export const MAX_DEPTH = 24;

const INVISIBLE = /[\u00ad\u034f\u061c\u180e\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069]/g;
const HAS_INVISIBLE = new RegExp(INVISIBLE.source);
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const NUMBERISH = /[0-9.,%τ]/;

const name = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
const visible = (line: string) => line.replace(INVISIBLE, (c) => `<${name(c)}>`);

export function sizeProblem(body: string): ParseIssue | null {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the cheap test comes first.
  const bytes = body.length > MAX_BODY_BYTES ? body.length : Buffer.byteLength(body, 'utf8');
  if (bytes <= MAX_BODY_BYTES) return null;
  return issue(null, '', `body is ${bytes > body.length ? bytes : `at least ${bytes}`} bytes, over the ${MAX_BODY_BYTES}-byte (256 KiB) limit; it was not read`);
}

export function scanInvisible(body: string): { text: string; errors: ParseIssue[]; warnings: ParseIssue[] } {
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const start = body.startsWith('\ufeff') ? body.slice(1) : body;
  if (!HAS_INVISIBLE.test(start)) return { text: start, errors, warnings };
  const lines = start.split('\n').map((line, i) => {
    if (!HAS_INVISIBLE.test(line)) return line;
    const chars = [...line.matchAll(INVISIBLE)];
    const names = [...new Set(chars.map((m) => name(m[0])))].join(', ');
    const inNumber = chars.some((m) => NUMBERISH.test(line[m.index - 1] ?? '') || NUMBERISH.test(line[m.index + 1] ?? ''));
    if (chars.some((m) => BIDI.test(m[0]))) errors.push(issue(i + 1, visible(line), `bidirectional control character (${names}) can reorder what voters see; remove it`));
    else if (inNumber) errors.push(issue(i + 1, visible(line), `invisible character (${names}) inside a number; remove it and retype the number`));
    else warnings.push(issue(i + 1, visible(line), `invisible character (${names}) removed`));
    return line.replace(INVISIBLE, '');
  });
  return { text: lines.join('\n'), errors, warnings };
}

export function depthProblem(depth: number): ParseIssue | null {
  return depth > MAX_DEPTH ? issue(null, '', `markdown is nested ${depth} levels deep (limit ${MAX_DEPTH}); flatten the lists and quotes`) : null;
}
