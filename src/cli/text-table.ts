/** A plain-text table: columns padded to their widest cell, numeric columns right-aligned. */
export function textTable(header: string[], rows: string[][], rightAligned: readonly number[] = []): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => [...(r[c] ?? '')].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (rightAligned.includes(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** A bar of `width` cells filled to part/whole (exact integer division, capped at full). */
export function progressBar(part: bigint, whole: bigint, width = 24): string {
  const filled = whole <= 0n ? 0 : Number((part * BigInt(width)) / whole);
  const n = Math.max(0, Math.min(width, filled));
  return '[' + '#'.repeat(n) + '.'.repeat(width - n) + ']';
}
