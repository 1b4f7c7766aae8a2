import { z } from 'zod';
import { JourneyDefinition, Locale, MatchRule, Message, Persona, Stage, TemplateName, Touchpoint } from './model.ts';

/** Request and response schemas of the journey API (/api/journeys/*), shared by server and dashboard. */

export const RecomputeStatus = z.object({
  version: z.number(),
  state: z.enum(['running', 'done', 'failed']),
  /** Events scanned so far and the total to scan (the event store's size when it started). */
  processed: z.number(),
  total: z.number(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type RecomputeStatus = z.infer<typeof RecomputeStatus>;

export const JourneySummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  owner: z.string(),
  status: z.enum(['draft', 'published']),
  publishedVersion: z.number().nullable().describe('the version analytics use; null before the first publish'),
  hasUnpublishedChanges: z.boolean(),
  stageCount: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
  recompute: RecomputeStatus.nullable(),
});
export type JourneySummary = z.infer<typeof JourneySummary>;

export const JourneyList = z.object({ journeys: z.array(JourneySummary) });
export type JourneyList = z.infer<typeof JourneyList>;

export const Journey = JourneySummary.extend({
  locale: Locale,
  definition: JourneyDefinition.describe('the draft: what the editor changes and the next publish freezes'),
  versions: z.array(z.object({ version: z.number(), publishedAt: z.number() })),
});
export type Journey = z.infer<typeof Journey>;

export const CreateJourneyBody = z.union([
  z.object({ template: TemplateName, locale: Locale.default('en'), name: z.string().min(1).max(200).optional() }).strict(),
  z
    .object({
      name: z.string().min(1).max(200),
      description: z.string().max(2000).default(''),
      owner: z.string().max(200).default(''),
      locale: Locale.default('en'),
      definition: z.unknown().optional().describe('a journey definition, e.g. from an exported map'),
    })
    .strict(),
]);
export type CreateJourneyBody = z.input<typeof CreateJourneyBody>;

export const UpdateJourneyBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    owner: z.string().max(200).optional(),
    definition: z.unknown().optional().describe('replaces the whole draft definition (reorders, bulk edits)'),
  })
  .strict();
export type UpdateJourneyBody = z.input<typeof UpdateJourneyBody>;

/**
 * A partial update: every field optional and *no defaults*, so a field left out of a PATCH keeps its
 * value (Zod 4 applies a default even inside .optional()).
 */
function patchOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    shape[key] = inner.optional();
  }
  return z.object(shape) as unknown as z.ZodObject<{ [K in keyof T]: z.ZodOptional<T[K]> }>;
}

/** Creating a part: the id is optional (the server makes one); `index` places a stage. */
export const CreateStageBody = Stage.omit({ id: true }).extend({ id: Stage.shape.id.optional(), index: z.number().int().min(0).optional() });
export const UpdateStageBody = patchOf(Stage.omit({ id: true })).extend({ index: z.number().int().min(0).optional().describe('move the stage to this position') });
export const CreateTouchpointBody = Touchpoint.omit({ id: true, kind: true }).extend({ id: Touchpoint.shape.id.optional(), kind: Touchpoint.shape.kind.optional() });
export const UpdateTouchpointBody = patchOf(Touchpoint.omit({ id: true })).extend({ stageId: z.string().optional().describe('move the touchpoint to another stage') });
export const CreatePersonaBody = Persona.omit({ id: true }).extend({ id: Persona.shape.id.optional() });
export const UpdatePersonaBody = patchOf(Persona.omit({ id: true }));
export const CreateMessageBody = Message.omit({ id: true }).extend({ id: Message.shape.id.optional() });
export const UpdateMessageBody = patchOf(Message.omit({ id: true }));

export const PublishResult = z.object({ version: z.number(), recompute: RecomputeStatus });
export type PublishResult = z.infer<typeof PublishResult>;

export const VersionChange = z.object({
  kind: z.enum(['added', 'removed', 'changed', 'moved']),
  entity: z.enum(['journey', 'stage', 'touchpoint', 'persona', 'message']),
  id: z.string(),
  name: z.string(),
  /** Which fields changed, for `changed`. */
  fields: z.array(z.string()).optional(),
});
export type VersionChange = z.infer<typeof VersionChange>;
export const VersionDiff = z.object({ from: z.number(), to: z.number(), changes: z.array(VersionChange) });
export type VersionDiff = z.infer<typeof VersionDiff>;

export const BREAKDOWNS = ['channel', 'utm_source', 'utm_medium', 'utm_campaign', 'persona', 'cohort'] as const;

const Breakdown = z
  .string()
  .max(120)
  .regex(/^(channel|utm_source|utm_medium|utm_campaign|persona|cohort|trait:[^\s]{1,100})$/, 'must be channel, utm_source, utm_medium, utm_campaign, persona, cohort or trait:<name>');

export const AnalyticsQuery = z.object({
  from: z.string().optional().describe('ISO 8601 or epoch ms, inclusive; default 30 days before `to`'),
  to: z.string().optional().describe('ISO 8601 or epoch ms, exclusive; default now'),
  persona: z.string().max(64).optional().describe('only customers of this persona (id)'),
  breakdown: Breakdown.optional(),
  stuckDays: z.coerce.number().int().min(1).max(365).default(14).describe('no progress for this many days counts as stuck'),
  compare: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('also compute the previous period of the same length'),
});
export type AnalyticsQuery = z.input<typeof AnalyticsQuery>;

export const StageMetrics = z.object({
  key: z.string(),
  name: z.string(),
  reached: z.number().describe('customers who reached the stage in the period (entered it, or skipped past it)'),
  skipped: z.number().describe('of those, customers who reached a later stage without a touchpoint of this one'),
  current: z.number().describe('customers whose furthest stage at the end of the period is this one'),
  stuck: z.number().describe('current customers with no progress for stuckDays'),
  conversionFromPrevious: z.number().nullable().describe('share of customers who reached the previous stage in the period and reached this one by its end'),
  dropOff: z.number().nullable().describe('1 − conversionFromPrevious'),
  medianMsFromPrevious: z.number().nullable(),
  p90MsFromPrevious: z.number().nullable(),
});
export type StageMetrics = z.infer<typeof StageMetrics>;

export const TouchpointMetrics = z.object({
  id: z.string(),
  stageKey: z.string(),
  name: z.string(),
  channel: z.string(),
  events: z.number().describe('matching events in the period'),
  customers: z.number().describe('unique customers with a matching event in the period'),
  reachedNext: z.number().nullable().describe('share of them who reached the next stage after the touchpoint, by the end of the period'),
});
export type TouchpointMetrics = z.infer<typeof TouchpointMetrics>;

export const AnalyticsBody = z.object({ stages: z.array(StageMetrics), touchpoints: z.array(TouchpointMetrics), customers: z.number() });

export const JourneyAnalytics = z.object({
  journeyId: z.string(),
  version: z.number().describe('the published version these numbers use'),
  from: z.number(),
  to: z.number(),
  asOf: z.number().describe('the event position the live state had reached'),
  recompute: RecomputeStatus.nullable(),
  customers: z.number().describe('customers who reached any stage in the period'),
  stages: z.array(StageMetrics),
  touchpoints: z.array(TouchpointMetrics),
  previous: AnalyticsBody.extend({ from: z.number(), to: z.number() }).nullable(),
  breakdown: z
    .object({
      by: z.string(),
      groups: z.array(AnalyticsBody.extend({ value: z.string().describe('the group; "(none)" when unknown, "(other)" for the rest beyond the top 10') })),
    })
    .nullable(),
});
export type JourneyAnalytics = z.infer<typeof JourneyAnalytics>;

export const CUSTOMER_METRICS = ['reached', 'current', 'stuck', 'converted', 'dropped', 'skipped', 'touchpoint'] as const;
export const JourneyCustomersQuery = z.object({
  metric: z.enum(CUSTOMER_METRICS),
  stage: z.string().max(64).optional().describe('stage key (all metrics but touchpoint)'),
  touchpoint: z.string().max(64).optional().describe('touchpoint id (metric=touchpoint)'),
  from: z.string().optional(),
  to: z.string().optional(),
  persona: z.string().max(64).optional(),
  breakdown: Breakdown.optional().describe('with group: only the customers of one breakdown group'),
  group: z.string().max(300).optional().describe('a group value of the breakdown, "(none)" or "(other)"'),
  stuckDays: z.coerce.number().int().min(1).max(365).default(14),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const JourneyCustomer = z.object({
  profileId: z.string(),
  userId: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  currentStage: z.string().nullable(),
  enteredAt: z.number().nullable().describe('when the customer reached the asked stage (or first hit the touchpoint in the period)'),
});
export type JourneyCustomer = z.infer<typeof JourneyCustomer>;
export const JourneyCustomerList = z.object({ total: z.number(), customers: z.array(JourneyCustomer) });
export type JourneyCustomerList = z.infer<typeof JourneyCustomerList>;

export const RealityQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  fromStage: z.string().max(64).optional().describe('default: the first stage'),
  toStage: z.string().max(64).optional().describe('default: the stage after fromStage'),
});
export const MapVsReality = z.object({
  version: z.number(),
  unusedTouchpoints: z.array(z.object({ id: z.string(), name: z.string(), stageKey: z.string(), channel: z.string() })),
  fromStage: z.string().nullable(),
  toStage: z.string().nullable(),
  sampledCustomers: z.number(),
  sequences: z.array(z.object({ steps: z.array(z.string()), customers: z.number(), share: z.number() })).describe('most frequent sequences of events no touchpoint describes, between the two stages'),
});
export type MapVsReality = z.infer<typeof MapVsReality>;

export const RulePreviewBody = z.object({ rule: MatchRule, days: z.number().int().min(1).max(365).default(30) });
export const RulePreview = z.object({ events: z.number(), customers: z.number(), from: z.number(), to: z.number() });
export type RulePreview = z.infer<typeof RulePreview>;

export const ProfileJourneyStage = z.object({
  key: z.string(),
  name: z.string(),
  reachedAt: z.number().nullable(),
  enteredAt: z.number().nullable().describe('when a touchpoint of this stage first matched; null when skipped'),
  skipped: z.boolean(),
});
export const ProfileJourney = z.object({
  journeyId: z.string(),
  name: z.string(),
  version: z.number(),
  currentStage: z.string().nullable(),
  stages: z.array(ProfileJourneyStage),
  touchpoints: z.array(z.object({ id: z.string(), name: z.string(), stageKey: z.string(), channel: z.string(), events: z.number(), firstAt: z.number().nullable() })),
  personas: z.array(z.string()).describe('persona ids the customer belongs to'),
});
export type ProfileJourney = z.infer<typeof ProfileJourney>;
export const ProfileJourneys = z.object({ journeys: z.array(ProfileJourney) });
export type ProfileJourneys = z.infer<typeof ProfileJourneys>;
