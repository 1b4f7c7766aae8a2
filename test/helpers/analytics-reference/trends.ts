import { NONE_GROUP, OTHER_GROUP } from '../../../common/analytics/query.ts';
import type { Interval } from '../../../common/analytics/query.ts';
import { previousPeriod, trendSeriesName } from '../../../common/analytics/trends.ts';
import type { TrendGroup, TrendPeriodResult, TrendsQuery, TrendsResult, TrendSeries } from '../../../common/analytics/trends.ts';
import type { Call } from '../journey-reference.ts';
import { analyticsCustomers, breakdownValue, bucketStart, bucketStarts, eventMatches, groupOf, inPeriod, topGroups } from './events.ts';
import type { AnalyticsCustomer, RefEvent } from './events.ts';

/**
 * Plain reference for trends (docs/analytics.md#trends), plus two small helpers the other references
 * share: the bucket an event falls in, and a field's raw value read as a number.
 */

// ---------------------------------------------------------------------------------------------------
// Shared helpers.
// ---------------------------------------------------------------------------------------------------

const QUARTER_HOUR = 15 * 60_000;

/**
 * A function from a time to its bucket's index in `starts` (events.ts's bucketStart, memoised per UTC
 * quarter hour: every zone's clock hours start on one). Throws for a time whose bucket is not listed.
 */
export function bucketIndexer(starts: number[], interval: Interval, timeZone: string): (t: number) => number {
  const memo = new Map<number, number>();
  return (t) => {
    const slot = Math.floor(t / QUARTER_HOUR);
    let start = memo.get(slot);
    if (start === undefined) {
      start = bucketStart(t, interval, timeZone);
      memo.set(slot, start);
    }
    const i = starts.indexOf(start);
    if (i < 0) throw new Error(`reference: no bucket starts at ${new Date(start).toISOString()}`);
    return i;
  };
}

/** A dotted field's raw JSON value (undefined when absent). */
export function fieldValue(call: Call, path: string): unknown {
  const [rootName, ...rest] = path.split('.');
  let value: unknown = rootName === 'properties' ? call.properties : rootName === 'context' ? call.context : rootName === 'traits' ? call.traits : undefined;
  for (const part of rest) {
    if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The number in a field: a finite JSON number, or a string of digits with an optional "-" and ".digits". */
export function numberIn(call: Call, path: string): number | null {
  const v = fieldValue(call, path);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const digits = v.startsWith('-') ? v.slice(1) : v;
  const parts = digits.split('.');
  if (parts.length > 2) return null;
  for (const part of parts) {
    if (part.length === 0) return null;
    for (const ch of part) if (ch < '0' || ch > '9') return null;
  }
  return Number(v);
}

export const iso = (t: number) => new Date(t).toISOString();

// ---------------------------------------------------------------------------------------------------
// Trends.
// ---------------------------------------------------------------------------------------------------

interface Hit {
  customer: AnalyticsCustomer;
  event: RefEvent;
}

/** The metric over a list of matching events; null only for an average without numbers. */
function metricOf(series: TrendSeries, hits: Hit[]): number | null {
  if (series.metric === 'count') return hits.length;
  if (series.metric === 'customers') return new Set(hits.map((h) => h.customer.id)).size;
  let sum = 0;
  let numbers = 0;
  for (const h of hits) {
    const n = numberIn(h.event.call, series.property ?? '');
    if (n === null) continue;
    sum += n;
    numbers++;
  }
  if (series.metric === 'sum') return sum;
  return numbers === 0 ? null : sum / numbers;
}

export function referenceTrends(calls: Call[], q: TrendsQuery): TrendsResult {
  const customers = analyticsCustomers(calls);
  const current = { from: q.from, to: q.to };
  const previous = q.compare ? previousPeriod(current) : null;

  // Every series' matching events of a period, in customer then (t, seq) order.
  const hitsOf = (period: { from: number; to: number }, series: TrendSeries): Hit[] => {
    const hits: Hit[] = [];
    for (const customer of customers) {
      for (const event of customer.events) {
        if (inPeriod(period, event.t) && eventMatches(series.matcher, event.call)) hits.push({ customer, event });
      }
    }
    return hits;
  };

  // Breakdown groups: ranked by distinct customers over all series in the current period.
  const valueOf = (h: Hit) => (q.breakdown ? breakdownValue(q.breakdown, h.customer, h.event) : NONE_GROUP);
  let kept: string[] = [];
  let groups: (string | null)[] = [null];
  if (q.breakdown) {
    const customersPerValue = new Map<string, Set<string>>();
    for (const series of q.series) {
      for (const h of hitsOf(current, series)) {
        const value = valueOf(h);
        if (!customersPerValue.has(value)) customersPerValue.set(value, new Set());
        customersPerValue.get(value)?.add(h.customer.id);
      }
    }
    const counts = new Map<string, number>();
    for (const [value, ids] of customersPerValue) counts.set(value, ids.size);
    kept = topGroups(counts, q.breakdown.limit);
    groups = [...kept];
    let otherUsed = false;
    for (const period of previous ? [current, previous] : [current]) {
      for (const series of q.series) for (const h of hitsOf(period, series)) if (!kept.includes(valueOf(h))) otherUsed = true;
    }
    if (otherUsed) groups.push(OTHER_GROUP);
  }

  const periodResult = (period: { from: number; to: number }): TrendPeriodResult => {
    const starts = bucketStarts(period, q.interval, q.timeZone);
    const bucketOf = bucketIndexer(starts, q.interval, q.timeZone);
    return {
      from: iso(period.from),
      to: iso(period.to),
      buckets: starts.map(iso),
      series: q.series.map((series, index) => {
        const hits = hitsOf(period, series);
        const result: TrendGroup[] = groups.map((group) => {
          const mine = group === null ? hits : hits.filter((h) => groupOf(valueOf(h), kept) === group);
          const values = starts.map((_, b) => metricOf(series, mine.filter((h) => bucketOf(h.event.t) === b)));
          return { group, values, total: metricOf(series, mine) };
        });
        return { index, name: trendSeriesName(series), metric: series.metric, groups: result };
      }),
    };
  };

  return { current: periodResult(current), previous: previous ? periodResult(previous) : null };
}
