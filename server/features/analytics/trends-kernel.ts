import { bucketStarts } from '../../../common/analytics/buckets.ts';
import { OTHER_GROUP } from '../../../common/analytics/query.ts';
import { previousPeriod, trendSeriesName } from '../../../common/analytics/trends.ts';
import type { TrendGroup, TrendPeriodResult, TrendsQuery, TrendsResult } from '../../../common/analytics/trends.ts';
import type { CustomerEvents } from './customer-events.ts';
import { BucketClock, compareText, topK } from './kernel-tools.ts';

/**
 * The trends kernel (docs/analytics.md#trends). One flat pass over the events of both periods (the
 * previous period, when compared, ends where the current one starts) adds each matching event into its
 * (series, group, bucket) cell and its (period, series, group) total. Distinct customers are counted
 * with a stamp per cell (the last customer counted there): a customer's events are contiguous, so no
 * sets are needed. The pass does not stop at each customer (at ten events a customer, per-customer
 * work costs as much as the events); it only tracks which customer an event belongs to. A customer's
 * first event in a period finds its bucket on a BucketClock, the later ones step forward from there.
 *
 * Breakdown groups are ranked first, in a pass over the current period, because the kept groups must
 * be known before events can be filed: counting per raw value instead would cost values × buckets cells.
 */

export interface TrendsKernelInput {
  /** Per event position: bit s set when the event matches series s's matcher. */
  readonly seriesMasks: Uint32Array;
  /**
   * Per series with metric sum or average (undefined for the others): per event position, the number in
   * the series' `property` as `numericValue` (common/analytics/trends.ts) reads it, NaN when none.
   */
  readonly values?: readonly (Float64Array | undefined)[];
  /** Breakdown kind `event`: per event position, the index in `groupNames` of the event's value (read for events a series matches). */
  readonly eventGroup?: Int32Array;
  /** Breakdown kind `trait`: per customer, the index in `groupNames` of the customer's latest value. */
  readonly customerGroup?: Int32Array;
  /**
   * The breakdown values by index, each text once; absent, null and "" are all the one "(none)" value
   * (docs/analytics.md: "(none)" ranks like any other value).
   */
  readonly groupNames?: readonly string[];
}

const COUNT = 0;
const CUSTOMERS = 1;
const SUM = 2;
const AVERAGE = 3;

interface Period {
  from: number;
  to: number;
  starts: number[];
  /** Index of the period's first bucket among both periods' buckets. */
  offset: number;
}

/**
 * Accumulators of one query. Cells are (series, group, bucket) with the buckets of both periods side
 * by side (previous first); totals are (period, series, group).
 */
interface Cells {
  /** count, distinct customers or sum, by the series' metric. */
  value: Float64Array;
  /** Numbers added (average). */
  numbers: Float64Array;
  /** Customer index + 1 last counted in the cell (customers). */
  stamp: Int32Array;
  total: Float64Array;
  totalNumbers: Float64Array;
  totalStamp: Int32Array;
}

/** The trends answer over the columns, exactly as the reference gives it. `q` is the parsed query. */
export function trendsKernel(ev: CustomerEvents, input: TrendsKernelInput, q: TrendsQuery): TrendsResult {
  const S = q.series.length;
  const metrics = Int8Array.from(q.series, (s) => (s.metric === 'count' ? COUNT : s.metric === 'customers' ? CUSTOMERS : s.metric === 'sum' ? SUM : AVERAGE));
  const values = q.series.map((s, k) => {
    if (s.metric !== 'sum' && s.metric !== 'average') return null;
    const v = input.values?.[k];
    if (v === undefined) throw new Error(`trends: series ${k} (${s.metric}) needs its values`);
    return v;
  });

  // Breakdown: rank the raw values by customers over all series in the current period, keep `limit`;
  // every other value, in either period, shows in "(other)".
  let breakdown: Breakdown | null = null;
  let kept: number[] = [];
  const names = input.groupNames ?? [];
  if (q.breakdown) {
    const eventGroup = q.breakdown.kind === 'event' ? (input.eventGroup ?? null) : null;
    const customerGroup = q.breakdown.kind === 'trait' ? (input.customerGroup ?? null) : null;
    if (!eventGroup && !customerGroup) throw new Error(`trends: a breakdown of kind ${q.breakdown.kind} needs its ${q.breakdown.kind === 'event' ? 'eventGroup' : 'customerGroup'}`);
    const customersOf = rankingCounts(ev, input.seriesMasks, S, q, eventGroup, customerGroup, names.length);
    kept = topK(names.length, q.breakdown.limit, (r) => (customersOf[r] as number) > 0, (x, y) => (customersOf[y] as number) - (customersOf[x] as number) || compareText(names[x] as string, names[y] as string));
    // A kept value that reads "(other)" shares the "(other)" cells: the reference tells groups apart by
    // their text, so both rows show the same numbers there.
    const other = kept.length;
    const groupOfRaw = new Int32Array(names.length).fill(other);
    const spills = new Uint8Array(names.length).fill(1);
    kept.forEach((r, k) => {
      groupOfRaw[r] = names[r] === OTHER_GROUP ? other : k;
      spills[r] = 0;
    });
    breakdown = { groupOfRaw, spills, eventGroup, customerGroup };
  }
  const G = q.breakdown ? kept.length + 1 : 1;

  const prev = q.compare ? previousPeriod({ from: q.from, to: q.to }) : null;
  const periods: Period[] = [];
  for (const p of prev ? [prev, { from: q.from, to: q.to }] : [{ from: q.from, to: q.to }]) {
    const last = periods[periods.length - 1];
    periods.push({ ...p, starts: bucketStarts(q.interval, p.from, p.to, q.timeZone), offset: last ? last.offset + last.starts.length : 0 });
  }
  const B = periods.reduce((sum, p) => sum + p.starts.length, 0);
  const cells: Cells = {
    value: new Float64Array(S * G * B),
    numbers: new Float64Array(S * G * B),
    stamp: new Int32Array(S * G * B),
    total: new Float64Array(periods.length * S * G),
    totalNumbers: new Float64Array(periods.length * S * G),
    totalStamp: new Int32Array(periods.length * S * G),
  };
  const otherUsed = accumulate(ev, input.seriesMasks, metrics, values, breakdown, G, periods, cells);

  // The groups every series and both periods list: kept values in rank order, then "(other)" when some
  // event fell there. Each row reads its cells (a kept "(other)" value reads the "(other)" cells).
  const rows: { group: string | null; cell: number }[] = breakdown ? kept.map((r) => ({ group: names[r] as string, cell: breakdown.groupOfRaw[r] as number })) : [{ group: null, cell: 0 }];
  if (breakdown && otherUsed) rows.push({ group: OTHER_GROUP, cell: kept.length });

  const answer = (p: Period, period: number): TrendPeriodResult => ({
    from: new Date(p.from).toISOString(),
    to: new Date(p.to).toISOString(),
    buckets: p.starts.map((s) => new Date(s).toISOString()),
    series: q.series.map((series, s) => ({
      index: s,
      name: trendSeriesName(series),
      metric: series.metric,
      groups: rows.map(({ group, cell }): TrendGroup => {
        const read = (value: number, numbers: number) => (metrics[s] === AVERAGE ? (numbers === 0 ? null : value / numbers) : value);
        const base = (s * G + cell) * B + p.offset;
        const vals: (number | null)[] = [];
        for (let b = 0; b < p.starts.length; b++) vals.push(read(cells.value[base + b] as number, cells.numbers[base + b] as number));
        const tot = (period * S + s) * G + cell;
        return { group, values: vals, total: read(cells.total[tot] as number, cells.totalNumbers[tot] as number) };
      }),
    })),
  });
  const current = periods[periods.length - 1] as Period;
  return { current: answer(current, periods.length - 1), previous: prev ? answer(periods[0] as Period, 0) : null };
}

interface Breakdown {
  /** Raw value → group cell. */
  groupOfRaw: Int32Array;
  /** Raw value → 1 when not kept (its events make "(other)" a row). */
  spills: Uint8Array;
  eventGroup: Int32Array | null;
  customerGroup: Int32Array | null;
}

/**
 * Per raw breakdown value: the distinct customers with an event of any series in the current period in
 * it (per event for kind event, the customer's own value for kind trait).
 */
function rankingCounts(ev: CustomerEvents, masks: Uint32Array, S: number, q: TrendsQuery, eventGroup: Int32Array | null, customerGroup: Int32Array | null, values: number): Int32Array {
  const customersOf = new Int32Array(values);
  const seen = new Int32Array(values); // customer index + 1 last counted for the value
  const bits = S >= 32 ? 0xffffffff : (1 << S) - 1;
  const { offsets, ts } = ev;
  const { from, to } = q;
  const n = offsets[offsets.length - 1] as number;
  let c = -1;
  let next = 0; // where the next customer's events start
  for (let i = 0; i < n; i++) {
    if (((masks[i] as number) & bits) === 0) continue;
    const t = ts[i] as number;
    if (t < from || t >= to) continue;
    while (i >= next) next = offsets[++c + 1] as number;
    const r = eventGroup ? (eventGroup[i] as number) : customerGroup ? (customerGroup[c] as number) : 0;
    if (seen[r] !== c + 1) {
      seen[r] = c + 1;
      customersOf[r] = (customersOf[r] as number) + 1;
    }
  }
  return customersOf;
}

/**
 * The pass: every event of a series in one of the periods into its cells. Returns whether some event
 * fell in "(other)". Closure-free, and reading locals only in the loop: it runs once per event.
 */
function accumulate(ev: CustomerEvents, masks: Uint32Array, metrics: Int8Array, values: (Float64Array | null)[], breakdown: Breakdown | null, G: number, periods: Period[], cells: Cells): boolean {
  const { offsets, ts } = ev;
  const { value, numbers, stamp, total, totalNumbers, totalStamp } = cells;
  const S = metrics.length;
  const bits = S >= 32 ? 0xffffffff : (1 << S) - 1;
  const groupOfRaw = breakdown ? breakdown.groupOfRaw : null;
  const spills = breakdown ? breakdown.spills : null;
  const eventGroup = breakdown ? breakdown.eventGroup : null;
  const customerGroup = breakdown ? breakdown.customerGroup : null;
  const first = periods[0] as Period;
  const last = periods[periods.length - 1] as Period;
  const B = last.offset + last.starts.length;
  // Two periods at most, the previous one ending where the last one starts.
  const lo = first.from;
  const split = last.from;
  const to = last.to;
  // A customer's first event in a period finds its bucket on a clock; the later ones, being later,
  // step forward from there (usually not at all). Bucket indices count both periods' buckets.
  const clockBefore = new BucketClock(first.from, first.to, first.starts, first.offset);
  const clock = new BucketClock(last.from, last.to, last.starts, last.offset);
  const starts = Float64Array.from(periods.flatMap((p) => p.starts));
  const endBefore = first.offset + first.starts.length;
  let bBefore = -1;
  let bNow = -1;
  let otherUsed = false;
  const n = offsets[offsets.length - 1] as number;
  let c = -1;
  let next = 0; // where the next customer's events start
  let customerRaw = 0;
  let customerG = 0;
  for (let i = 0; i < n; i++) {
    let m = (masks[i] as number) & bits;
    if (m === 0) continue;
    const t = ts[i] as number;
    if (t < lo || t >= to) continue;
    if (i >= next) {
      while (i >= next) next = offsets[++c + 1] as number;
      bBefore = -1;
      bNow = -1;
      if (groupOfRaw && customerGroup) {
        customerRaw = customerGroup[c] as number;
        customerG = groupOfRaw[customerRaw] as number;
      }
    }
    const mark = c + 1;
    const period = t < split ? 0 : periods.length - 1;
    let b: number;
    if (period === 0) {
      if (bBefore < 0) bBefore = clockBefore.bucket(t);
      else while (bBefore + 1 < endBefore && (starts[bBefore + 1] as number) <= t) bBefore++;
      b = bBefore;
    } else {
      if (bNow < 0) bNow = clock.bucket(t);
      else while (bNow + 1 < B && (starts[bNow + 1] as number) <= t) bNow++;
      b = bNow;
    }
    const raw = eventGroup ? (eventGroup[i] as number) : customerRaw;
    const g = groupOfRaw && eventGroup ? (groupOfRaw[raw] as number) : customerG;
    if (spills !== null && spills[raw] === 1) otherUsed = true;
    for (; m !== 0; m &= m - 1) {
      const s = 31 - Math.clz32(m & -m);
      const cell = (s * G + g) * B + b;
      const tot = (period * S + s) * G + g;
      const metric = metrics[s] as number;
      if (metric === COUNT) {
        value[cell] = (value[cell] as number) + 1;
        total[tot] = (total[tot] as number) + 1;
      } else if (metric === CUSTOMERS) {
        if (stamp[cell] !== mark) {
          stamp[cell] = mark;
          value[cell] = (value[cell] as number) + 1;
        }
        if (totalStamp[tot] !== mark) {
          totalStamp[tot] = mark;
          total[tot] = (total[tot] as number) + 1;
        }
      } else {
        const v = (values[s] as Float64Array)[i] as number;
        if (v !== v) continue; // NaN: no number here
        value[cell] = (value[cell] as number) + v;
        numbers[cell] = (numbers[cell] as number) + 1;
        total[tot] = (total[tot] as number) + v;
        totalNumbers[tot] = (totalNumbers[tot] as number) + 1;
      }
    }
  }
  return otherUsed;
}
