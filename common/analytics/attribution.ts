import { z } from 'zod';
import { FieldPath } from '../journeys/model.ts';
import { EventMatcher, Instant } from './query.ts';
import { SessionInactivityMs, SiteHosts } from './sessions.ts';

/**
 * The attribution query (POST /api/analytics/attribution) and its answer: conversions and their revenue
 * credited to channels by seven models side by side. Semantics: docs/analytics.md#attribution.
 */

const DAY = 24 * 60 * 60 * 1000;
export const DEFAULT_LOOKBACK_MS = 30 * DAY;
export const MAX_LOOKBACK_MS = 366 * DAY;
export const DEFAULT_HALF_LIFE_MS = 7 * DAY;

export const ATTRIBUTION_MODELS = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'time_decay', 'markov'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export const VISIT_CHANNELS = ['utm_source', 'utm_medium', 'utm_campaign', 'source_medium', 'referrer'] as const;

export const AttributionChannel = z
  .union([
    z.enum(VISIT_CHANNELS),
    z.object({ journeyId: z.string().min(1).max(64).describe("touches are events matching a touchpoint of the journey's published version; the channel is the touchpoint") }).strict(),
  ])
  .describe('what a touch is and what names its channel: a visit (session) and its first event\'s UTM field or external referrer host, or a journey\'s touchpoints');
export type AttributionChannel = z.infer<typeof AttributionChannel>;

export const AttributionQuery = z
  .object({
    conversion: EventMatcher.describe('each matching event in the period is one conversion (e.g. Order Completed)'),
    revenueProperty: FieldPath.default('properties.revenue').describe("the conversion's revenue: a JSON number or a string of plain decimal digits; else 0. No fallback to another field"),
    channel: AttributionChannel.default('source_medium'),
    lookbackMs: z.number().int().min(0).max(MAX_LOOKBACK_MS).default(DEFAULT_LOOKBACK_MS).describe('touches count for a conversion when at most this many ms before it'),
    halfLifeMs: z.number().int().min(60_000).max(MAX_LOOKBACK_MS).default(DEFAULT_HALF_LIFE_MS).describe('time decay: a touch this much earlier gets half the weight'),
    inactivityMs: SessionInactivityMs.describe('visit channels: a gap of more than this between two events starts a new visit'),
    siteHosts: SiteHosts,
    from: Instant.describe('period start (inclusive): conversions lie in [from, to); their touches may precede it by up to lookbackMs'),
    to: Instant.describe('period end (exclusive)'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!(q.from < q.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'from must be before to' });
  });
export type AttributionQuery = z.infer<typeof AttributionQuery>;
export type AttributionQueryInput = z.input<typeof AttributionQuery>;

// ---------------------------------------------------------------------------------------------------
// The answer.
// ---------------------------------------------------------------------------------------------------

const perModel = (value: () => z.ZodNumber) => z.object(Object.fromEntries(ATTRIBUTION_MODELS.map((m) => [m, value()])) as Record<AttributionModel, z.ZodNumber>).strict();
export type ModelNumbers = Record<AttributionModel, number>;

export const AttributionChannelResult = z
  .object({
    channel: z.string().describe('the UTM value, "source / medium", referrer host or touchpoint id; "(direct)" for visits without one and conversions without touches'),
    name: z.string().describe('readable: the touchpoint name for journey channels, else the channel'),
    conversions: perModel(() => z.number().nonnegative()).describe('conversions credited per model (fractional)'),
    revenue: perModel(() => z.number()).describe('revenue credited per model: each conversion\'s revenue split like its conversion; markov: total revenue × the channel\'s share of removal effects'),
    removalEffect: z.number().min(0).max(1).describe('markov: 1 − P(conversion without the channel) / P(conversion)'),
  })
  .strict();
export type AttributionChannelResult = z.infer<typeof AttributionChannelResult>;

export const AttributionResult = z
  .object({
    channels: z.array(AttributionChannelResult).describe('every channel on a conversion or non-converting path; sorted by last-touch conversions (descending), then channel'),
    totals: z
      .object({
        conversions: z.number().int().nonnegative().describe('every model\'s conversions add up to this'),
        revenue: z.number().describe('every model\'s revenue adds up to this'),
        nullPaths: z.number().int().nonnegative().describe('markov: customers with touches in the period after their last conversion'),
        conversionProbability: z.number().min(0).max(1).nullable().describe('markov: P(conversion) from the start state; null without paths'),
      })
      .strict(),
  })
  .strict();
export type AttributionResult = z.infer<typeof AttributionResult>;
