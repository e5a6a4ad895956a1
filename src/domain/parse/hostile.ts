import { issue, type ParseIssue } from './issues';

/**
 * Defences that run before any reading: the size limit and the nesting limit. Invisible and
 * look-alike characters are handled by deception.ts, hidden constructs by rendered.ts.
 */
export const MAX_BODY_BYTES = 256 * 1024;
/** Deepest markdown nesting accepted (lists in quotes in lists...); the seed needs 3. */
export const MAX_DEPTH = 24;

export function sizeProblem(body: string): ParseIssue | null {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the cheap test comes first.
  const bytes = body.length > MAX_BODY_BYTES ? body.length : Buffer.byteLength(body, 'utf8');
  if (bytes <= MAX_BODY_BYTES) return null;
  return issue(
    null,
    '',
    `body is ${bytes > body.length ? bytes : `at least ${bytes}`} bytes, over the ${MAX_BODY_BYTES}-byte (256 KiB) limit; it was not read`,
  );
}

export function depthProblem(depth: number): ParseIssue | null {
  return depth > MAX_DEPTH
    ? issue(null, '', `markdown is nested ${depth} levels deep (limit ${MAX_DEPTH}); flatten the lists and quotes`)
    : null;
}
