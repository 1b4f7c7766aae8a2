import { z } from 'zod';
import { bucketCountAtMost, MAX_BUCKETS } from './buckets.ts';
import { EventMatcher, Instant, TimeZone } from './query.ts';

/**
 * The retention query (POST /api/analytics/retention) and its answer: cohorts of customers who did a
 * start event, and how many of them did a return event in each later period. Semantics:
 * docs/analytics.md#retention.
 */

export const MAX_RETENTION_PERIODS = 120;
export const MAX_RETENTION_TRAIT_COHORTS = 50;

export const RETENTION_INTERVALS = ['day', 'week', 'month'] as const;
export const RetentionInterval = z.enum(RETENTION_INTERVALS);
export type RetentionInterval = z.infer<typeof RetentionInterval>;

export const RetentionMode = z
  .enum(['first-time', 'recurring'])
  .describe("first-time: a customer enters once, in the bucket of their first start event ever, which must lie in the period; recurring: a customer enters in every bucket of the period in which they did a start event");
export type RetentionMode = z.infer<typeof RetentionMode>;

export const RetentionCohortBy = z
  .union([
    z.literal('start'),
    z
      .object({
        trait: z.string().min(1).max(200).describe("a trait name (`plan`): cohorts are the customers' latest values"),
        limit: z.number().int().min(1).max(MAX_RETENTION_TRAIT_COHORTS).default(10).describe('values kept, ranked by entries; the rest are "(other)"'),
      })
      .strict(),
  ])
  .describe('start: one cohort per bucket of entry; {trait}: one cohort per trait value, each entry still counted from its own entry bucket');
export type RetentionCohortBy = z.infer<typeof RetentionCohortBy>;

export const RetentionQuery = z
  .object({
    start: EventMatcher.describe('the event that puts a customer in a cohort'),
    return: EventMatcher.optional().describe('the event that counts as coming back; default: the start matcher'),
    mode: RetentionMode.default('first-time'),
    interval: RetentionInterval.default('week'),
    periods: z.number().int().min(1).max(MAX_RETENTION_PERIODS).default(8).describe('N: the answer has periods 0 … N'),
    from: Instant.describe('period start (inclusive): entries lie in [from, to)'),
    to: Instant.describe('period end (exclusive): return events are counted up to here, and periods from here on are not observed'),
    timeZone: TimeZone.describe('IANA zone the buckets are cut in'),
    cohortBy: RetentionCohortBy.default('start'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!(q.from < q.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'from must be before to' });
    else if (bucketCountAtMost(q.interval, q.from, q.to) > MAX_BUCKETS) {
      ctx.addIssue({ code: 'custom', path: ['interval'], message: `more than ${MAX_BUCKETS} ${q.interval} buckets in the period: choose a longer interval` });
    }
  });
export type RetentionQuery = z.infer<typeof RetentionQuery>;
export type RetentionQueryInput = z.input<typeof RetentionQuery>;

// ---------------------------------------------------------------------------------------------------
// The answer.
// ---------------------------------------------------------------------------------------------------

const Count = z.number().int().nonnegative();

export const RetentionCohort = z
  .object({
    cohort: z.string().describe('the bucket start (UTC ISO instant) for cohorts by start; the trait value, "(none)" or "(other)" for cohorts by trait'),
    start: z.iso.datetime().nullable().describe('the bucket start for cohorts by start; null for cohorts by trait'),
    size: Count.describe('entries: customers (first-time), or customer × entry bucket pairs (recurring; one customer per bucket cohort)'),
    values: z.array(Count.nullable()).describe('periods 0 … N: values[0] = size; values[k] = entries whose customer did a return event in bucket entry + k (before `to`); null when that bucket is not in the period (cohorts by start) or is not for any entry (cohorts by trait)'),
    observed: z.array(Count).describe('periods 0 … N: entries whose bucket entry + k is in the period (size or 0 for cohorts by start; per entry for cohorts by trait)'),
  })
  .strict();
export type RetentionCohort = z.infer<typeof RetentionCohort>;

export const RetentionOverallPeriod = z
  .object({
    period: z.number().int().nonnegative(),
    returned: Count.describe('sum of the cohorts\' values at this period'),
    observed: Count.describe('sum of the cohorts\' observed entries at this period'),
    rate: z.number().min(0).max(1).nullable().describe('returned / observed; null when observed is 0'),
  })
  .strict();
export type RetentionOverallPeriod = z.infer<typeof RetentionOverallPeriod>;

export const RetentionResult = z
  .object({
    buckets: z.array(z.iso.datetime()).describe('UTC instants the buckets of the period start at; the first may precede `from`'),
    cohorts: z.array(RetentionCohort).describe('by start: one per bucket, in time order, empty ones included; by trait: the kept values by size (ties by value), then "(other)" when not empty'),
    overall: z.array(RetentionOverallPeriod).describe('periods 0 … N, weighted by cohort size over the entries for which the period is observed'),
  })
  .strict();
export type RetentionResult = z.infer<typeof RetentionResult>;
