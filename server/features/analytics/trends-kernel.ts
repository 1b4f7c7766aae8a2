import { bucketOf, bucketStarts } from '../../../common/analytics/buckets.ts';
import { OTHER_GROUP } from '../../../common/analytics/query.ts';
import { previousPeriod, trendSeriesName } from '../../../common/analytics/trends.ts';
import type { TrendGroup, TrendPeriodResult, TrendsQuery, TrendsResult } from '../../../common/analytics/trends.ts';
import type { CustomerEvents } from './customer-events.ts';
import { compareText, topK } from './kernel-tools.ts';

/**
 * The trends kernel (docs/analytics.md#trends). One pass customer by customer over the events of both
 * periods (the previous period, when compared, ends where the current one starts), adding each matching
 * event into its (series, group, bucket) cell and its (series, group) total. Distinct customers are
 * counted with a stamp per cell (the last customer counted there), so no sets; bucket lists are
 * computed once per period and each customer's events walk them forward.
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
  /** Breakdown kind `event`: per event position, the index in `groupNames` of the event's value. */
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

/** One period's buckets and accumulators: cells (series, group, bucket) and totals (series, group). */
class PeriodCells {
  readonly starts: number[];
  readonly buckets: number;
  /** count, distinct customers or sum, by metric. */
  readonly value: Float64Array;
  /** Numbers added (average). */
  readonly numbers: Float64Array;
  /** Customer index + 1 last counted in the cell (customers). */
  readonly stamp: Int32Array;
  readonly total: Float64Array;
  readonly totalNumbers: Float64Array;
  readonly totalStamp: Int32Array;
  /** The bucket the current customer's walk is in; -1 before its first event in the period. */
  cursor = -1;

  constructor(
    readonly from: number,
    readonly to: number,
    q: TrendsQuery,
    groups: number,
  ) {
    this.starts = bucketStarts(q.interval, from, to, q.timeZone);
    this.buckets = this.starts.length;
    const cells = q.series.length * groups * this.buckets;
    this.value = new Float64Array(cells);
    this.numbers = new Float64Array(cells);
    this.stamp = new Int32Array(cells);
    this.total = new Float64Array(q.series.length * groups);
    this.totalNumbers = new Float64Array(q.series.length * groups);
    this.totalStamp = new Int32Array(q.series.length * groups);
  }

  /** The bucket of t, for a customer's events in time order: a binary search first, then steps forward. */
  bucket(t: number): number {
    let b = this.cursor;
    if (b < 0) b = bucketOf(t, this.starts);
    else while (b + 1 < this.buckets && (this.starts[b + 1] as number) <= t) b++;
    this.cursor = b;
    return b;
  }
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
  let kept: number[] = [];
  let groupOfRaw = new Int32Array(0);
  let spills = new Uint8Array(0); // per raw value: 1 when not kept (its events make "(other)" a row)
  const names = input.groupNames ?? [];
  if (q.breakdown) {
    const raw = q.breakdown.kind === 'event' ? input.eventGroup : input.customerGroup;
    if (raw === undefined) throw new Error(`trends: a breakdown of kind ${q.breakdown.kind} needs its ${q.breakdown.kind === 'event' ? 'eventGroup' : 'customerGroup'}`);
    const customersOf = rankingCounts(ev, input.seriesMasks, S, q, q.breakdown.kind === 'event' ? raw : null, q.breakdown.kind === 'trait' ? raw : null, names.length);
    kept = topK(names.length, q.breakdown.limit, (r) => (customersOf[r] as number) > 0, (x, y) => (customersOf[y] as number) - (customersOf[x] as number) || compareText(names[x] as string, names[y] as string));
    // A kept value that reads "(other)" shares the "(other)" cells: the reference tells groups apart by
    // their text, so both rows show the same numbers there.
    const other = kept.length;
    groupOfRaw = new Int32Array(names.length).fill(other);
    spills = new Uint8Array(names.length).fill(1);
    kept.forEach((r, k) => {
      groupOfRaw[r] = names[r] === OTHER_GROUP ? other : k;
      spills[r] = 0;
    });
  }
  const G = q.breakdown ? kept.length + 1 : 1;

  const current = new PeriodCells(q.from, q.to, q, G);
  const prev = q.compare ? previousPeriod({ from: q.from, to: q.to }) : null;
  const previous = prev ? new PeriodCells(prev.from, prev.to, q, G) : null;
  const otherUsed = accumulate(ev, input, q, metrics, values, q.breakdown ? { groupOfRaw, spills } : null, G, current, previous);

  // The groups every series and both periods list: kept values in rank order, then "(other)" when some
  // event fell there. Each row reads its cells (a kept "(other)" value reads the "(other)" cells).
  const rows: { group: string | null; cell: number }[] = q.breakdown ? kept.map((r, k) => ({ group: names[r] as string, cell: groupOfRaw[r] === kept.length ? kept.length : k })) : [{ group: null, cell: 0 }];
  if (q.breakdown && otherUsed) rows.push({ group: OTHER_GROUP, cell: kept.length });

  const answer = (p: PeriodCells): TrendPeriodResult => ({
    from: new Date(p.from).toISOString(),
    to: new Date(p.to).toISOString(),
    buckets: p.starts.map((s) => new Date(s).toISOString()),
    series: q.series.map((series, s) => ({
      index: s,
      name: trendSeriesName(series),
      metric: series.metric,
      groups: rows.map(({ group, cell }): TrendGroup => {
        const read = (value: number, numbers: number) => (metrics[s] === AVERAGE ? (numbers === 0 ? null : value / numbers) : value);
        const base = (s * G + cell) * p.buckets;
        const vals: (number | null)[] = [];
        for (let b = 0; b < p.buckets; b++) vals.push(read(p.value[base + b] as number, p.numbers[base + b] as number));
        return { group, values: vals, total: read(p.total[s * G + cell] as number, p.totalNumbers[s * G + cell] as number) };
      }),
    })),
  });
  return { current: answer(current), previous: previous ? answer(previous) : null };
}

/**
 * Per raw breakdown value: the distinct customers with an event of any series in [from, to) in it
 * (per event for kind event, the customer's own value for kind trait).
 */
function rankingCounts(ev: CustomerEvents, masks: Uint32Array, S: number, q: TrendsQuery, eventGroup: Int32Array | null, customerGroup: Int32Array | null, values: number): Int32Array {
  const { from, to } = q;
  const customersOf = new Int32Array(values);
  const seen = new Int32Array(values); // customer index + 1 last counted for the value
  const bits = S >= 32 ? 0xffffffff : (1 << S) - 1;
  const { offsets, ts } = ev;
  const nCustomers = offsets.length - 1;
  for (let c = 0; c < nCustomers; c++) {
    const hi = offsets[c + 1] as number;
    let i = offsets[c] as number;
    while (i < hi && (ts[i] as number) < from) i++;
    for (; i < hi && (ts[i] as number) < to; i++) {
      if (((masks[i] as number) & bits) === 0) continue;
      const r = eventGroup ? (eventGroup[i] as number) : customerGroup ? (customerGroup[c] as number) : 0;
      if (seen[r] !== c + 1) {
        seen[r] = c + 1;
        customersOf[r] = (customersOf[r] as number) + 1;
      }
      if (!eventGroup) break; // a trait is the customer's one value: counted once
    }
  }
  return customersOf;
}

/**
 * The pass over the customers: every event of a series in the previous or current period into its
 * cells. Returns whether some event fell in "(other)". Closure-free, so it stays optimised.
 */
function accumulate(
  ev: CustomerEvents,
  input: TrendsKernelInput,
  q: TrendsQuery,
  metrics: Int8Array,
  values: (Float64Array | null)[],
  breakdown: { groupOfRaw: Int32Array; spills: Uint8Array } | null,
  G: number,
  current: PeriodCells,
  previous: PeriodCells | null,
): boolean {
  const { offsets, ts } = ev;
  const masks = input.seriesMasks;
  const groupOfRaw = breakdown ? breakdown.groupOfRaw : null;
  const spills = breakdown ? breakdown.spills : null;
  const eventGroup = breakdown && q.breakdown?.kind === 'event' ? (input.eventGroup ?? null) : null;
  const customerGroup = breakdown && q.breakdown?.kind === 'trait' ? (input.customerGroup ?? null) : null;
  const S = metrics.length;
  const bits = S >= 32 ? 0xffffffff : (1 << S) - 1;
  const lo = previous ? previous.from : current.from;
  const from = current.from;
  const to = current.to;
  let otherUsed = false;
  const nCustomers = offsets.length - 1;
  for (let c = 0; c < nCustomers; c++) {
    const hi = offsets[c + 1] as number;
    let i = offsets[c] as number;
    while (i < hi && (ts[i] as number) < lo) i++;
    if (i === hi || (ts[i] as number) >= to) continue;
    current.cursor = -1;
    if (previous) previous.cursor = -1;
    const stamp = c + 1;
    const customerRaw = customerGroup ? (customerGroup[c] as number) : 0;
    const customerG = groupOfRaw && customerGroup ? (groupOfRaw[customerRaw] as number) : 0;
    for (; i < hi; i++) {
      const t = ts[i] as number;
      if (t >= to) break;
      let m = (masks[i] as number) & bits;
      if (m === 0) continue;
      const p = t < from && previous ? previous : current;
      const b = p.bucket(t);
      const raw = eventGroup ? (eventGroup[i] as number) : customerRaw;
      const g = groupOfRaw && eventGroup ? (groupOfRaw[raw] as number) : customerG;
      if (spills && spills[raw] === 1) otherUsed = true;
      for (; m !== 0; m &= m - 1) {
        const s = 31 - Math.clz32(m & -m);
        const total = s * G + g;
        const cell = total * p.buckets + b;
        const metric = metrics[s] as number;
        if (metric === COUNT) {
          p.value[cell] = (p.value[cell] as number) + 1;
          p.total[total] = (p.total[total] as number) + 1;
        } else if (metric === CUSTOMERS) {
          if (p.stamp[cell] !== stamp) {
            p.stamp[cell] = stamp;
            p.value[cell] = (p.value[cell] as number) + 1;
          }
          if (p.totalStamp[total] !== stamp) {
            p.totalStamp[total] = stamp;
            p.total[total] = (p.total[total] as number) + 1;
          }
        } else {
          const v = (values[s] as Float64Array)[i] as number;
          if (v !== v) continue; // NaN: no number here
          p.value[cell] = (p.value[cell] as number) + v;
          p.numbers[cell] = (p.numbers[cell] as number) + 1;
          p.total[total] = (p.total[total] as number) + v;
          p.totalNumbers[total] = (p.totalNumbers[total] as number) + 1;
        }
      }
    }
  }
  return otherUsed;
}
