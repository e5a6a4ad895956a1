/** One benchmark figure: what was measured, and the obvious alternative it is compared with. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** value / baseline. */
  ratio: number;
  /** In words, what the baseline is. */
  comparedWith?: string;
}

export function row(name: string, value: number, unit: string, baseline: number, comparedWith?: string): BenchRow {
  const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    name,
    value: round(value, 3),
    unit,
    baseline: round(baseline, 3),
    ratio: baseline === 0 ? 0 : round(value / baseline, 4),
    comparedWith,
  };
}
