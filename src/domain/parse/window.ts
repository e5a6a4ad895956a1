import { addDuration, parseIsoDuration, wholeCadences } from '../duration';

/**
 * The schedule depends on the activation time, which is unknown when a proposal is parsed:
 * "2 months" is 59 to 62 days. Checks therefore use the range of whole cadences n over every
 * start day of a four-year cycle (which includes a leap year).
 */
const CYCLE_START = Date.UTC(2024, 0, 1);
const CYCLE_DAYS = 1461;
const DAY_MS = 86_400_000;
const memo = new Map<string, { min: number; max: number }>();

export function cadenceRange(duration: string, cadence: string): { min: number; max: number } {
  const key = `${duration}/${cadence}`;
  const hit = memo.get(key);
  if (hit) return hit;
  let min = Infinity;
  let max = 0;
  for (let d = 0; d < CYCLE_DAYS; d++) {
    const n = wholeCadences(new Date(CYCLE_START + d * DAY_MS), duration, cadence);
    if (n < min) min = n;
    if (n > max) max = n;
  }
  const range = { min, max };
  if (memo.size < 256) memo.set(key, range);
  return range;
}

/** Longest DCA or lock govbridge accepts: a typo such as "P20Y" must not plan decades of tranches. */
export const MAX_WINDOW_DAYS = 3 * 366;

/** Whether an ISO duration is valid and no longer than MAX_WINDOW_DAYS from any start. */
export function durationProblem(iso: string): string | null {
  const p = parseIsoDuration(iso);
  if (!p.ok) return p.errors[0]!;
  const end = addDuration(new Date(CYCLE_START), iso).getTime();
  if ((end - CYCLE_START) / DAY_MS > MAX_WINDOW_DAYS) return `duration ${iso} is longer than the ${MAX_WINDOW_DAYS} days govbridge accepts`;
  return null;
}
