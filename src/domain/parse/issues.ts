/** One problem found in a proposal: where (1-based line, null when it is about the whole body), the offending text, and why. */
export type ParseIssue = { line: number | null; text: string; message: string };

const MAX_TEXT = 160;

/** Builds an issue; long offending text is shortened so a report stays readable. */
export function issue(line: number | null, text: string, message: string): ParseIssue {
  const t = text.trim();
  return { line, text: t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t, message };
}

/** "line 12: message: "text"" — the form used on stderr, in lint reports and in plan.warnings. */
export function formatIssue(i: ParseIssue): string {
  const where = i.line === null ? '' : `line ${i.line}: `;
  return i.text ? `${where}${i.message}: "${i.text}"` : `${where}${i.message}`;
}
