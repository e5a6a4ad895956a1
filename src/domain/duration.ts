import { err, ok, type Result } from '../result';

/**
 * ISO 8601 durations as proposals use them (P2M, P8W, P60D). Months stay months and are resolved
 * against a concrete date in UTC, so "2 months from 14 February" ends on 14 April.
 */
export interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
}

const ISO = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

export function parseIsoDuration(iso: string): Result<DurationParts> {
  const m = ISO.exec(iso.trim());
  if (!m || iso.trim() === 'P') return err(`"${iso}" is not an ISO 8601 duration such as P2M, P8W or P60D`);
  const [years, months, weeks, days] = [m[1], m[2], m[3], m[4]].map((g) => (g ? Number(g) : 0)) as [number, number, number, number];
  if (years + months + weeks + days === 0) return err(`"${iso}" is a zero duration`);
  if ([years, months, weeks, days].some((n) => n > 100_000)) return err(`"${iso}" is implausibly long`);
  return ok({ years, months, weeks, days });
}

export function formatIsoDuration(p: DurationParts): string {
  const s = (n: number, u: string) => (n ? `${n}${u}` : '');
  return `P${s(p.years, 'Y')}${s(p.months, 'M')}${s(p.weeks, 'W')}${s(p.days, 'D')}`;
}

const DAY_MS = 86_400_000;

/** date + parts in UTC; a month step that overshoots the month's end lands on its last day. */
function addParts(date: Date, p: DurationParts, times: number): Date {
  const totalMonths = (p.years * 12 + p.months) * times;
  let d = new Date(date.getTime());
  if (totalMonths) {
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + totalMonths;
    const targetY = y + Math.floor(m / 12);
    const targetM = ((m % 12) + 12) % 12;
    const lastDay = new Date(Date.UTC(targetY, targetM + 1, 0)).getUTCDate();
    const day = Math.min(d.getUTCDate(), lastDay);
    d = new Date(Date.UTC(targetY, targetM, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  }
  return new Date(d.getTime() + (p.weeks * 7 + p.days) * times * DAY_MS);
}

/** date + iso (calendar arithmetic in UTC). Throws on a malformed duration: validate first. */
export function addDuration(date: Date, iso: string, times = 1): Date {
  const p = parseIsoDuration(iso);
  if (!p.ok) throw new RangeError(p.errors[0]);
  return addParts(date, p.value, times);
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  eighteen: 18,
  twenty: 20,
  'twenty-one': 21,
  'twenty-eight': 28,
  thirty: 30,
  'forty-five': 45,
  forty: 40,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  'one hundred twenty': 120,
  zero: 0,
};

/** Longest alternatives first, so that "twenty-one" is not read as "twenty". */
const NUMBER_ALTERNATIVES = Object.keys(NUMBER_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|');

/** Matches "2-month", "2 months", "six weeks", "60 days", "a year" (used with the `g` flag). */
export const DURATION_WORDS_SOURCE = `\\b(\\d{1,4}|${NUMBER_ALTERNATIVES})[\\s-]+(day|week|month|year)s?\\b`;

const WHOLE_WORDS = new RegExp(`^${DURATION_WORDS_SOURCE}$`, 'i');

/** "2-month" / "six weeks" / "60 days" / "P2M" → ISO 8601, or null when it is not a duration. */
export function durationFromWords(text: string): string | null {
  const r = readDurationWords(text);
  return r.ok ? r.value : null;
}

/**
 * Like durationFromWords, but says why a phrase that looks like a duration is not one: "0 days"
 * is a zero duration, which no lock or DCA window may have.
 */
export function readDurationWords(text: string): Result<string> {
  const t = text.trim();
  if (ISO.test(t) && t !== 'P') {
    const p = parseIsoDuration(t);
    return p.ok ? ok(t) : err(p.errors[0]!);
  }
  const m = WHOLE_WORDS.exec(t);
  if (!m) return err(`"${t}" is not a duration such as "2 months", "8 weeks" or "60 days"`);
  const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : NUMBER_WORDS[m[1]!.toLowerCase().replace(/\s+/g, ' ')];
  if (n === undefined) return err(`"${t}" is not a duration such as "2 months", "8 weeks" or "60 days"`);
  if (n === 0) return err(`"${t}" is a zero duration; state how long, e.g. "2 months"`);
  const unit = { day: 'D', week: 'W', month: 'M', year: 'Y' }[m[2]!.toLowerCase() as 'day'];
  return ok(`P${n}${unit}`);
}

/** n = the whole cadences that fit in [start, start + duration) (docs/design.md §4). */
export function wholeCadences(start: Date, duration: string, cadence: string): number {
  const end = addDuration(start, duration).getTime();
  const c = parseIsoDuration(cadence);
  if (!c.ok) throw new RangeError(c.errors[0]);
  if (c.value.years === 0 && c.value.months === 0) {
    // Fixed-length cadences divide exactly, so no walk is needed.
    const stepMs = (c.value.weeks * 7 + c.value.days) * DAY_MS;
    return Math.max(0, Math.floor((end - start.getTime()) / stepMs));
  }
  let n = 0;
  while (addParts(start, c.value, n + 1).getTime() <= end) n++;
  return n;
}
