import { z } from 'zod';
import { bucketCountAtMost, MAX_BUCKETS } from './buckets.ts';
import { Breakdown, EventMatcher, Instant, Interval, MAX_FUNNEL_STEPS, TimeZone } from './query.ts';

/**
 * The funnel query (POST /api/analytics/funnel) and its answer. The semantics — levels, optional steps,
 * strict and any order, exclusions, the chosen sequence behind times, breakdowns and trends — are in
 * docs/analytics.md#funnels; refinements here refuse what those semantics leave undefined.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest conversion window, whole-funnel or per step. */
export const MAX_FUNNEL_WINDOW_MS = 366 * DAY_MS;
export const DEFAULT_FUNNEL_WINDOW_MS = 14 * DAY_MS;
export const MAX_FUNNEL_EXCLUSIONS = 10;
export const MAX_TIME_TO_CONVERT_BINS = 100;

const WindowMs = z.number().int().min(0).max(MAX_FUNNEL_WINDOW_MS);

export const FUNNEL_ORDERS = ['ordered', 'strict', 'any'] as const;
export const FunnelOrder = z
  .enum(FUNNEL_ORDERS)
  .describe('ordered: steps in order, other events allowed between; strict: no event matching any step between consecutive steps; any: steps in any order');
export type FunnelOrder = z.infer<typeof FunnelOrder>;

/** One step: which events complete it, plus how it may be skipped or timed. */
export const FunnelStep = EventMatcher.extend({
  name: z.string().min(1).max(200).optional().describe('label shown for the step; default: the event name or a readable description of the matcher'),
  optional: z.boolean().default(false).describe('the step may be skipped; never the first step; not with order "any"'),
  withinMs: WindowMs.optional().describe('most ms from the previous step the customer did (skipped optional steps do not count); not with order "any"'),
}).strict();
export type FunnelStep = z.infer<typeof FunnelStep>;
export type FunnelStepInput = z.input<typeof FunnelStep>;

/** "Without `Order Refunded` between step 2 and step 3." Steps are numbered from 1. */
export const FunnelExclusion = z
  .object({
    matcher: EventMatcher,
    fromStep: z.number().int().min(1).max(MAX_FUNNEL_STEPS).describe('1-based; a skipped optional step stands in for the last step done before it'),
    toStep: z.number().int().min(2).max(MAX_FUNNEL_STEPS).describe('1-based, after fromStep; a skipped optional step stands in for the first step done after it'),
  })
  .strict();
export type FunnelExclusion = z.infer<typeof FunnelExclusion>;

export const FunnelQuery = z
  .object({
    steps: z.array(FunnelStep).min(2).max(MAX_FUNNEL_STEPS),
    order: FunnelOrder.default('ordered'),
    windowMs: WindowMs.default(DEFAULT_FUNNEL_WINDOW_MS).describe('most ms from the first to the last step a customer did'),
    from: Instant.describe('period start (inclusive): every event of a funnel lies in [from, to)'),
    to: Instant.describe('period end (exclusive)'),
    exclusions: z.array(FunnelExclusion).max(MAX_FUNNEL_EXCLUSIONS).default([]).describe('a sequence with a matching event strictly between its fromStep and toStep events does not count'),
    breakdown: Breakdown.optional().describe("groups by the value on the customer's step-1 event (kind event) or the customer's trait"),
    trend: Interval.optional().describe("conversion over time: customers bucketed by their step-1 event's time"),
    timeZone: TimeZone.describe('IANA zone the trend buckets are cut in'),
    timeToConvertBins: z.number().int().min(1).max(MAX_TIME_TO_CONVERT_BINS).optional().describe('at most this many equal-width bins of the time from the previous step, per step'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!(q.from < q.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'from must be before to' });
    if (q.steps[0]?.optional) ctx.addIssue({ code: 'custom', path: ['steps', 0, 'optional'], message: 'the first step cannot be optional' });
    if (q.order === 'any') {
      q.steps.forEach((s, i) => {
        if (s.optional) ctx.addIssue({ code: 'custom', path: ['steps', i, 'optional'], message: 'optional steps need an order: not with order "any"' });
        if (s.withinMs !== undefined) ctx.addIssue({ code: 'custom', path: ['steps', i, 'withinMs'], message: 'per-step windows need an order: not with order "any"' });
      });
      if (q.exclusions.length > 0) ctx.addIssue({ code: 'custom', path: ['exclusions'], message: 'exclusions lie between ordered steps: not with order "any"' });
    }
    if (q.steps[0]?.withinMs !== undefined) ctx.addIssue({ code: 'custom', path: ['steps', 0, 'withinMs'], message: 'the first step has no previous step to be within' });
    q.exclusions.forEach((x, i) => {
      if (x.fromStep >= x.toStep) ctx.addIssue({ code: 'custom', path: ['exclusions', i, 'toStep'], message: 'toStep must come after fromStep' });
      if (x.toStep > q.steps.length) ctx.addIssue({ code: 'custom', path: ['exclusions', i, 'toStep'], message: `the funnel has ${q.steps.length} steps` });
    });
    if (q.trend !== undefined && bucketCountAtMost(q.trend, q.from, q.to) > MAX_BUCKETS) {
      ctx.addIssue({ code: 'custom', path: ['trend'], message: `more than ${MAX_BUCKETS} ${q.trend} buckets in the period: choose a longer interval` });
    }
  });
export type FunnelQuery = z.infer<typeof FunnelQuery>;
export type FunnelQueryInput = z.input<typeof FunnelQuery>;

/** A matcher's readable name: the event name, else a description (also the anchor node's label in paths). */
export function matcherName(m: EventMatcher): string {
  if (m.event !== undefined) return m.event;
  if (m.stage !== undefined) return `Stage ${m.stage.stageKey}`;
  if (m.pagePath !== undefined) return `Page ${m.pagePath}`;
  if (m.type === 'page') return 'Any page';
  if (m.type === 'screen') return 'Any screen';
  return 'Any event';
}

/** A step's readable name: its `name`, else its matcher's name. */
export function funnelStepName(step: FunnelStep): string {
  return step.name ?? matcherName(step);
}

// ---------------------------------------------------------------------------------------------------
// The answer.
// ---------------------------------------------------------------------------------------------------

const Count = z.number().int().nonnegative();
const Ms = z.number().int().nonnegative();
const Ratio = z.number().min(0).max(1);

export const TimeToConvertBin = z
  .object({ fromMs: Ms.describe('inclusive'), toMs: Ms.describe('exclusive'), count: Count })
  .strict();
export type TimeToConvertBin = z.infer<typeof TimeToConvertBin>;

export const FunnelStepResult = z
  .object({
    index: z.number().int().min(1).describe('1-based step number'),
    name: z.string(),
    optional: z.boolean(),
    count: Count.describe('required step: customers who reached it or a later step; optional step: customers whose chosen sequence includes it. With order "any": customers who completed at least `index` of the steps'),
    conversionFromPrevious: Ratio.nullable().describe('count / count of the previous required step; null for step 1 or when that is 0'),
    conversionFromFirst: Ratio.nullable().describe('count / customers; null when customers is 0'),
    dropOff: Count.nullable().describe('count of the previous required step − count; null for step 1'),
    medianMsFromPrevious: Ms.nullable().describe('over the customers counted here: ms from the previous step in their chosen sequence (nearest rank, lower)'),
    p90MsFromPrevious: Ms.nullable(),
    timeToConvert: z.array(TimeToConvertBin).nullable().describe('histogram of the same times; null for step 1 or when timeToConvertBins was not asked'),
  })
  .strict();
export type FunnelStepResult = z.infer<typeof FunnelStepResult>;

export const FunnelBreakdownGroup = z
  .object({
    value: z.string().describe('the group: a value, "(none)" or "(other)"'),
    customers: Count,
    steps: z.array(FunnelStepResult),
  })
  .strict();
export type FunnelBreakdownGroup = z.infer<typeof FunnelBreakdownGroup>;

export const FunnelTrendBucket = z
  .object({
    bucketStart: z.iso.datetime().describe('UTC instant the bucket starts at (local midnight etc. in the query time zone)'),
    entered: Count.describe("customers whose chosen sequence's first event lies in the bucket"),
    converted: Count.describe('of those, the customers who reached the last required step'),
    conversion: Ratio.nullable().describe('converted / entered; null when entered is 0'),
  })
  .strict();
export type FunnelTrendBucket = z.infer<typeof FunnelTrendBucket>;

export const FunnelResult = z
  .object({
    customers: Count.describe('customers who entered the funnel (did step 1 in the period)'),
    steps: z.array(FunnelStepResult),
    breakdown: z.array(FunnelBreakdownGroup).nullable().describe('top groups by customers, then "(other)" when not empty; null without a breakdown'),
    trend: z.array(FunnelTrendBucket).nullable().describe('every bucket from the one holding `from` to the one holding `to` − 1 ms; null without a trend'),
  })
  .strict();
export type FunnelResult = z.infer<typeof FunnelResult>;

// ---------------------------------------------------------------------------------------------------
// The customers behind a step.
// ---------------------------------------------------------------------------------------------------

export const FunnelCustomersQuery = z
  .object({
    funnel: FunnelQuery,
    step: z.number().int().min(1).max(MAX_FUNNEL_STEPS).describe('1-based step number'),
    kind: z.enum(['converted', 'dropped']).describe('converted: counted at the step; dropped: counted at the previous required step but not at this one (none for step 1)'),
    group: z.string().max(1000).optional().describe('only customers of this breakdown group (needs funnel.breakdown)'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.step > q.funnel.steps.length) ctx.addIssue({ code: 'custom', path: ['step'], message: `the funnel has ${q.funnel.steps.length} steps` });
    if (q.group !== undefined && q.funnel.breakdown === undefined) ctx.addIssue({ code: 'custom', path: ['group'], message: 'a group needs a breakdown' });
  });
export type FunnelCustomersQuery = z.infer<typeof FunnelCustomersQuery>;
export type FunnelCustomersQueryInput = z.input<typeof FunnelCustomersQuery>;
