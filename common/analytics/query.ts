import { z } from 'zod';
import { Condition, RuleEventType } from '../journeys/model.ts';

/**
 * Building blocks shared by every analytics query (/api/analytics/*): which events a step or filter
 * matches, the period, the time buckets. Semantics are documented in docs/analytics.md; the server's
 * engine and the test reference (test/helpers/analytics-reference/) implement them independently.
 */

/** The event type the engine emits for journey stage entries (same as common/journeys STAGE_ENTERED_EVENT). */
export const STAGE_ENTERED = 'Journey Stage Entered';

/**
 * Which events something matches. All given parts must hold.
 * - `event`: a track event name, or a page/screen name (with `type: "page"`/`"screen"`). Absent: any name.
 * - `type`: `any` (default) is a track, page or screen call — what a customer did; identify/group/alias
 *   describe a customer and are never matched by `any`.
 * - `where`: property conditions, the operators of journey rules (eq, neq, contains, startsWith, regex,
 *   in, gt, lt, exists) on dotted paths (`properties.revenue`, `context.campaign.source`).
 * - `pagePath`: a glob on the page path (`properties.path`, else `context.page.path`), as journey rules.
 * - `stage`: a journey stage entry (`Journey Stage Entered` with properties.journey_id and stage_key).
 *   Without `stage`, stage-entry events are never matched (they are derived, not customer behaviour).
 */
export const EventMatcher = z
  .object({
    event: z.string().min(1).max(256).optional(),
    type: RuleEventType.default('any'),
    where: z.array(Condition).max(20).default([]),
    pagePath: z.string().min(1).max(300).optional(),
    stage: z.object({ journeyId: z.string().min(1).max(64), stageKey: z.string().min(1).max(64) }).strict().optional(),
  })
  .strict();
export type EventMatcher = z.infer<typeof EventMatcher>;
export type EventMatcherInput = z.input<typeof EventMatcher>;

/** Milliseconds since the epoch, or an ISO 8601 timestamp. */
export const Instant = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

/** The period a query looks at: events with from ≤ timestamp < to. */
export const Period = z
  .object({ from: Instant, to: Instant })
  .refine((p) => p.from < p.to, { message: 'from must be before to', path: ['to'] });
export type Period = z.infer<typeof Period>;

export const INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export const Interval = z.enum(INTERVALS);
export type Interval = z.infer<typeof Interval>;

/**
 * The time zone buckets are cut in (IANA name). Days start at local midnight, weeks on Monday (ISO, as
 * in the Nordics), months on the 1st; an hour bucket is a clock hour.
 */
export const TimeZone = z
  .string()
  .max(64)
  .default('UTC')
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'is not a known time zone');

/**
 * A breakdown: the value of an event property (of the event that puts the customer in the first step
 * / the cohort / the bucket) or of a profile trait (the customer's latest value). Groups are ranked by
 * customers and the top `limit` kept; the rest are summed into "(other)"; absent values are "(none)".
 */
export const Breakdown = z
  .object({
    kind: z.enum(['event', 'trait']),
    /** `properties.plan`, `context.campaign.source` for event; a trait name (`plan`) for trait. */
    key: z.string().min(1).max(200),
    limit: z.number().int().min(1).max(50).default(10),
  })
  .strict();
export type Breakdown = z.infer<typeof Breakdown>;

export const NONE_GROUP = '(none)';
export const OTHER_GROUP = '(other)';

/** Limits that keep one query's cost bounded. */
export const MAX_FUNNEL_STEPS = 30;
export const MAX_PATH_DEPTH = 10;
