import { z } from 'zod';
import { FieldPath } from '../journeys/model.ts';
import { bucketCountAtMost, MAX_BUCKETS } from './buckets.ts';
import { Breakdown, EventMatcher, Instant, Interval, TimeZone } from './query.ts';

/**
 * The trends query (POST /api/analytics/trends) and its answer: event counts, unique customers, and the
 * sum or average of a numeric property per time bucket, optionally broken down and compared with the
 * previous period. Semantics: docs/analytics.md#trends.
 */

export const MAX_TREND_SERIES = 10;

export const TREND_METRICS = ['count', 'customers', 'sum', 'average'] as const;
export const TrendMetric = z
  .enum(TREND_METRICS)
  .describe('count: matching events; customers: distinct customers with one; sum / average: of `property` over the events where it holds a number');
export type TrendMetric = z.infer<typeof TrendMetric>;

export const TrendSeries = z
  .object({
    matcher: EventMatcher,
    metric: TrendMetric.default('count'),
    property: FieldPath.optional().describe('the numeric field sum and average read, e.g. properties.revenue: a JSON number, or a string of plain decimal digits ("12.5", "-3"); anything else is skipped'),
    name: z.string().min(1).max(200).optional().describe('label shown for the series'),
  })
  .strict()
  .superRefine((s, ctx) => {
    const needs = s.metric === 'sum' || s.metric === 'average';
    if (needs && s.property === undefined) ctx.addIssue({ code: 'custom', path: ['property'], message: `metric ${s.metric} needs a property` });
    if (!needs && s.property !== undefined) ctx.addIssue({ code: 'custom', path: ['property'], message: `metric ${s.metric} takes no property` });
  });
export type TrendSeries = z.infer<typeof TrendSeries>;

export const TrendsQuery = z
  .object({
    series: z.array(TrendSeries).min(1).max(MAX_TREND_SERIES),
    from: Instant.describe('period start (inclusive)'),
    to: Instant.describe('period end (exclusive)'),
    interval: Interval.default('day'),
    timeZone: TimeZone.describe('IANA zone the buckets are cut in'),
    breakdown: Breakdown.optional().describe('groups every series by the value on each event (kind event) or the customer\'s latest trait; groups ranked by customers over all series'),
    compare: z.boolean().default(false).describe('also compute the previous period of the same length, [from − (to − from), from)'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!(q.from < q.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'from must be before to' });
    else if (bucketCountAtMost(q.interval, q.from, q.to) > MAX_BUCKETS) {
      ctx.addIssue({ code: 'custom', path: ['interval'], message: `more than ${MAX_BUCKETS} ${q.interval} buckets in the period: choose a longer interval` });
    }
  });
export type TrendsQuery = z.infer<typeof TrendsQuery>;
export type TrendsQueryInput = z.input<typeof TrendsQuery>;

/**
 * A numeric field's value as trends (sum, average) and attribution (revenue) read it: a finite JSON
 * number as it is; a string only when it is plain decimal digits with an optional minus sign and
 * fraction ("12.5", "-3", "007"), read as a decimal number; anything else (booleans, "", "1e3",
 * " 12", "12,5", "12 kr", objects) is no number.
 */
export function numericValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(value)) return Number(value);
  return null;
}

/** The previous period compared with [from, to): the same length, ending where it starts. */
export function previousPeriod(period: { from: number; to: number }): { from: number; to: number } {
  return { from: period.from - (period.to - period.from), to: period.from };
}

// ---------------------------------------------------------------------------------------------------
// The answer.
// ---------------------------------------------------------------------------------------------------

const Value = z.number().nullable();

export const TrendGroup = z
  .object({
    group: z.string().nullable().describe('the breakdown group: a value, "(none)" or "(other)"; null without a breakdown'),
    values: z.array(Value).describe('one per bucket; count and customers are integers, sum a number (0 when nothing), average null when no event had a number'),
    total: Value.describe('over the whole period: count and sum add up the buckets; customers are distinct over the period (not a sum); average is the total sum / the numbers counted'),
  })
  .strict();
export type TrendGroup = z.infer<typeof TrendGroup>;

export const TrendSeriesResult = z
  .object({
    index: z.number().int().min(0).describe('0-based position in the query\'s series'),
    name: z.string(),
    metric: TrendMetric,
    groups: z.array(TrendGroup).describe('one group without a breakdown; else the same list for every series and both periods: the kept groups in rank order, then "(other)" when some series has an event there in either period'),
  })
  .strict();
export type TrendSeriesResult = z.infer<typeof TrendSeriesResult>;

export const TrendPeriodResult = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    buckets: z.array(z.iso.datetime()).describe('UTC instants the buckets start at (local midnight etc. in the query time zone); the first may precede `from`'),
    series: z.array(TrendSeriesResult),
  })
  .strict();
export type TrendPeriodResult = z.infer<typeof TrendPeriodResult>;

export const TrendsResult = z
  .object({
    current: TrendPeriodResult,
    previous: TrendPeriodResult.nullable().describe('the previous period, bucketed the same way and compared by bucket index (its bucket count may differ by one when months or DST days differ); the groups are those of the current period; null without compare'),
  })
  .strict();
export type TrendsResult = z.infer<typeof TrendsResult>;

/** A series' readable name: its `name`, else "<metric> of <event>" or the event name. */
export function trendSeriesName(s: TrendSeries): string {
  if (s.name !== undefined) return s.name;
  const what = s.matcher.event ?? (s.matcher.stage ? `Stage ${s.matcher.stage.stageKey}` : s.matcher.pagePath ? `Page ${s.matcher.pagePath}` : 'Any event');
  if (s.metric === 'count') return what;
  if (s.metric === 'customers') return `Customers: ${what}`;
  return `${s.metric === 'sum' ? 'Sum' : 'Average'} of ${s.property ?? ''}: ${what}`;
}
