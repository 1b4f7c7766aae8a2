import type { Interval } from './query.ts';

/**
 * Time buckets of an interval in a time zone: trends, retention, sessions over time and the funnel's
 * trend all cut time with these functions, on the server, in the test reference and in the dashboard.
 *
 * A bucket list is the list of bucket *starts* (ms since the epoch, ascending); bucket i is
 * [starts[i], starts[i+1]) and the last one ends where the query's period ends. Starts are local:
 * - day: local midnight; week: Monday 00:00 local (ISO weeks); month: the 1st, 00:00 local. When a
 *   DST change skips local midnight (it does in a few zones), the day starts at the first instant of
 *   that local date. A day is therefore 23, 24 or 25 hours long.
 * - hour: every instant at which the local clock shows HH:00:00. When the clocks go back, the repeated
 *   hour is two buckets with the same label; when they go forward, the skipped hour has none.
 *
 * Only Intl is used (the time zone database of the JavaScript runtime), no dependency.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Upper bound on the buckets of one query, checked by the query schemas (bucketCountAtMost). */
export const MAX_BUCKETS = 2_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/** The local wall-clock time of an instant, written as if it were a UTC time (ms). */
export function wallClock(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  // Intl drops the milliseconds; they never differ between UTC and local time.
  return wall + mod(t, 1000);
}

/** The UTC offset in force at an instant (ms, local minus UTC). */
function offsetAt(t: number, timeZone: string): number {
  return wallClock(t, timeZone) - t;
}

/** The first instant in (lo, hi] whose offset differs from `offset` (one exists: the offset at hi differs). */
function transitionIn(lo: number, hi: number, offset: number, timeZone: string): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, timeZone) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The first instant whose local wall-clock time is at or after `wall` (a local time written as UTC ms).
 * Usually the one instant showing that time; in a repeated hour, the earlier of the two; in a skipped
 * hour, the instant the clocks jump.
 */
export function instantOfWall(wall: number, timeZone: string): number {
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  // No change of offset within a day either side (nearly always): the wall time exists exactly once.
  if (before === after) return wall - before;
  const candidates = [wall - before, wall - after].sort((a, b) => a - b);
  for (const c of candidates) if (wallClock(c, timeZone) === wall) return c;
  // The wall time does not exist (clocks jumped over it): find the first instant past it.
  let lo = candidates[0] as number;
  let hi = candidates[1] as number;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClock(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The latest instant ≤ t at which the local clock shows a whole hour. */
function hourStartAtOrBefore(t: number, timeZone: string): number {
  let cur = t;
  for (;;) {
    const offset = offsetAt(cur, timeZone);
    const candidate = cur - mod(cur + offset, HOUR);
    if (offsetAt(candidate, timeZone) === offset) return candidate;
    // The offset changed within (candidate, cur]: the clock showed a whole hour either at the change
    // itself or somewhere before it.
    const change = transitionIn(candidate, cur, offsetAt(candidate, timeZone), timeZone);
    if (mod(change + offsetAt(change, timeZone), HOUR) === 0) return change;
    cur = change - 1;
  }
}

/** The first instant > t at which the local clock shows a whole hour. */
function nextHourStart(t: number, timeZone: string): number {
  let cur = t;
  for (;;) {
    const offset = offsetAt(cur, timeZone);
    const candidate = cur + HOUR - mod(cur + offset, HOUR);
    if (offsetAt(candidate, timeZone) === offset) return candidate;
    const change = transitionIn(cur, candidate, offset, timeZone);
    if (mod(change + offsetAt(change, timeZone), HOUR) === 0) return change;
    cur = change;
  }
}

/** The local calendar date of an instant as a UTC midnight (ms). */
function localDate(t: number, timeZone: string): number {
  const wall = wallClock(t, timeZone);
  return wall - mod(wall, DAY);
}

/** The local date a day/week/month bucket containing this local date starts on (UTC midnight ms). */
function bucketDate(interval: 'day' | 'week' | 'month', date: number): number {
  if (interval === 'day') return date;
  const d = new Date(date);
  if (interval === 'week') return date - mod(d.getUTCDay() - 1, 7) * DAY; // getUTCDay: 0 = Sunday
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextBucketDate(interval: 'day' | 'week' | 'month', date: number): number {
  const d = new Date(date);
  if (interval === 'day') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  if (interval === 'week') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 7);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * The starts of every bucket that overlaps [from, to), ascending. The first may lie before `from`
 * (a period starting at noon is in the bucket of that day). Throws past MAX_BUCKETS buckets.
 */
export function bucketStarts(interval: Interval, from: number, to: number, timeZone: string): number[] {
  const starts: number[] = [];
  const push = (s: number) => {
    if (starts.length >= MAX_BUCKETS) throw new RangeError(`more than ${MAX_BUCKETS} ${interval} buckets`);
    starts.push(s);
  };
  if (interval === 'hour') {
    for (let s = hourStartAtOrBefore(from, timeZone); s < to; s = nextHourStart(s, timeZone)) push(s);
    return starts;
  }
  let date = bucketDate(interval, localDate(from, timeZone));
  for (;;) {
    const s = instantOfWall(date, timeZone);
    if (starts.length > 0 && s >= to) break;
    push(s);
    date = nextBucketDate(interval, date);
  }
  return starts;
}

/**
 * The index of the bucket a timestamp falls in: the last start ≤ ts, by binary search; -1 before the
 * first start. The caller checks the period's end (the last bucket has no end of its own).
 */
export function bucketOf(ts: number, starts: readonly number[]): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) <= ts) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * A bucket's label in local time: `2024-03-31T02:00` (hour), `2024-03-31` (day; week: its Monday),
 * `2024-03` (month). Two hour buckets of a repeated hour share a label.
 */
export function bucketLabel(interval: Interval, start: number, timeZone: string): string {
  const iso = new Date(wallClock(start, timeZone)).toISOString();
  if (interval === 'hour') return iso.slice(0, 16);
  if (interval === 'month') return iso.slice(0, 7);
  return iso.slice(0, 10);
}

const NOMINAL_MS: Record<Interval, number> = { hour: HOUR, day: 23 * HOUR, week: 7 * 23 * HOUR, month: 28 * 23 * HOUR };

/** An upper bound on the number of buckets of [from, to) (cheap; for request validation). */
export function bucketCountAtMost(interval: Interval, from: number, to: number): number {
  return Math.ceil((to - from) / NOMINAL_MS[interval]) + 2;
}
