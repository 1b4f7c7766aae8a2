import { z } from 'zod';

/**
 * The journey map model: a journey is a document (stages with their touchpoints, personas, messages)
 * edited as a draft and frozen into immutable versions on publish. Shared by the server (validation,
 * OpenAPI, matching) and the dashboard (editor).
 */

/** The shared channel taxonomy of touchpoints and messages. */
export const CHANNELS = ['web', 'app', 'email', 'sms', 'social', 'ads', 'search', 'store', 'phone', 'chat', 'delivery', 'support', 'reviews', 'partner', 'other'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

/** A channel's usual kind; a touchpoint may override it (a partner can be a shop or a website). */
export const DEFAULT_CHANNEL_KIND: Record<Channel, TouchpointKind> = {
  web: 'digital',
  app: 'digital',
  email: 'digital',
  sms: 'digital',
  social: 'digital',
  ads: 'digital',
  search: 'digital',
  store: 'physical',
  phone: 'physical',
  chat: 'digital',
  delivery: 'physical',
  support: 'digital',
  reviews: 'digital',
  partner: 'physical',
  other: 'digital',
};
export const TouchpointKind = z.enum(['digital', 'physical']);
export type TouchpointKind = z.infer<typeof TouchpointKind>;

export const CONDITION_OPS = ['eq', 'neq', 'contains', 'startsWith', 'regex', 'in', 'gt', 'lt', 'exists'] as const;
export const ConditionOp = z.enum(CONDITION_OPS);
export type ConditionOp = z.infer<typeof ConditionOp>;

/** A dotted path into an event: `properties.revenue`, `context.campaign.source`, `traits.plan`. */
export const FieldPath = z
  .string()
  .min(1)
  .max(200)
  .regex(/^(properties|context|traits)(\.[^.\s]+)+$/, 'must start with properties., context. or traits. and name a field, e.g. properties.revenue');

const Scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);

/** A regex is run on every matching event: its length is capped and nested quantifiers (catastrophic backtracking) are refused. */
const SafeRegex = z
  .string()
  .min(1)
  .max(200)
  .refine((p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid regular expression')
  .refine((p) => !/\([^)]*[+*}][^)]*\)\s*[+*{]/.test(p), 'nests quantifiers, which can take exponential time; simplify it');

/** One property condition. `in` takes a list; `exists` takes no value; `gt`/`lt` compare numbers. */
export const Condition = z
  .object({
    path: FieldPath,
    op: ConditionOp,
    value: z.union([Scalar, z.array(Scalar).max(200)]).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.op === 'exists') return;
    if (c.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `operator ${c.op} needs a value` });
    else if (c.op === 'in' && !Array.isArray(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'operator in needs a list' });
    else if (c.op !== 'in' && Array.isArray(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `operator ${c.op} takes one value, not a list` });
    else if ((c.op === 'gt' || c.op === 'lt') && !Number.isFinite(Number(c.value))) ctx.addIssue({ code: 'custom', path: ['value'], message: `operator ${c.op} needs a number` });
    else if (c.op === 'regex' && !SafeRegex.safeParse(c.value).success) ctx.addIssue({ code: 'custom', path: ['value'], message: SafeRegex.safeParse(c.value).error?.issues[0]?.message ?? 'invalid regular expression' });
  });
export type Condition = z.infer<typeof Condition>;

export const RuleEventType = z.enum(['any', 'track', 'page', 'screen', 'identify', 'group']);
export type RuleEventType = z.infer<typeof RuleEventType>;

/** UTM fields of `context.campaign`, compared case-insensitively. `campaign` is Segment's `context.campaign.name`. */
export const UtmMatch = z.object({
  source: z.string().max(200).optional(),
  medium: z.string().max(200).optional(),
  campaign: z.string().max(200).optional(),
  term: z.string().max(200).optional(),
  content: z.string().max(200).optional(),
});
export type UtmMatch = z.infer<typeof UtmMatch>;

/**
 * Which events a touchpoint (or a persona's event condition) matches. All given parts must hold.
 * `type: "any"` with no events means any customer activity: a track, page or screen call
 * (identify, group and alias describe a customer; they are not something the customer did).
 */
export const MatchRule = z.object({
  type: RuleEventType.default('any'),
  /** Event names (track) or page/screen names; any of them. Empty: any name. */
  events: z.array(z.string().min(1).max(256)).max(50).default([]),
  where: z.array(Condition).max(20).default([]),
  /** Glob on the page path (`properties.path`, else `context.page.path`): `*` within a segment, `**` across. */
  pagePath: z.string().max(300).optional(),
  utm: UtmMatch.optional(),
  /** Match only the nth matching event in time (2 = the second `Order Completed`). */
  nth: z.number().int().min(1).max(100).default(1),
});
export type MatchRule = z.infer<typeof MatchRule>;
export type MatchRuleInput = z.input<typeof MatchRule>;

const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');
const Text = z.string().max(2000);
const TextList = z.array(z.string().min(1).max(500)).max(50).default([]);

export const Touchpoint = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  channel: Channel,
  kind: TouchpointKind,
  owner: z.string().max(200).default(''),
  description: Text.default(''),
  rule: MatchRule,
});
export type Touchpoint = z.infer<typeof Touchpoint>;

export const Emotion = z.number().int().min(-2).max(2);

export const Stage = z.object({
  id: Id,
  /** Stable machine key (`consideration`), used in analytics, API filters and `Journey Stage Entered` events. */
  key: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _'),
  name: z.string().min(1).max(200),
  description: Text.default(''),
  goals: TextList,
  needs: TextList,
  thoughts: TextList,
  /** The designed emotion, −2 (very negative) … +2 (very positive). */
  emotion: Emotion.default(0),
  painPoints: TextList,
  opportunities: TextList,
  team: z.string().max(200).default(''),
  touchpoints: z.array(Touchpoint).max(50).default([]),
});
export type Stage = z.infer<typeof Stage>;

/** A persona's membership: trait conditions (on the latest trait values) and event conditions (at least N matching events). */
export const PersonaRule = z.object({
  match: z.enum(['all', 'any']).default('all'),
  traits: z.array(Condition).max(20).default([]),
  events: z.array(z.object({ rule: MatchRule, minCount: z.number().int().min(1).max(1000).default(1) })).max(10).default([]),
});
export type PersonaRule = z.infer<typeof PersonaRule>;

export const Persona = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  description: Text.default(''),
  goals: TextList,
  frustrations: TextList,
  rule: PersonaRule,
});
export type Persona = z.infer<typeof Persona>;

export const MESSAGE_KINDS = ['ad', 'site', 'email', 'sms', 'push', 'letter', 'other'] as const;

/** What the company sends or shows at a stage: the message inventory of a mapping workshop. */
export const Message = z.object({
  id: Id,
  stageId: Id,
  name: z.string().min(1).max(200),
  kind: z.enum(MESSAGE_KINDS),
  channel: Channel,
  /** When it goes out, in words: "1 hour after the cart is abandoned". */
  timing: z.string().max(300).default(''),
  description: Text.default(''),
});
export type Message = z.infer<typeof Message>;

/** The editable content of a journey; a published version freezes one of these. */
export const JourneyDefinition = z
  .object({
    stages: z.array(Stage).max(30).default([]),
    personas: z.array(Persona).max(30).default([]),
    messages: z.array(Message).max(300).default([]),
  })
  .superRefine((d, ctx) => {
    const dup = (kind: string, values: string[], path: (string | number)[]) => {
      const seen = new Set<string>();
      for (const v of values) {
        if (seen.has(v)) ctx.addIssue({ code: 'custom', path, message: `${kind} ${v} appears twice` });
        seen.add(v);
      }
    };
    dup('stage key', d.stages.map((s) => s.key), ['stages']);
    dup('id', [...d.stages.map((s) => s.id), ...d.stages.flatMap((s) => s.touchpoints.map((t) => t.id)), ...d.personas.map((p) => p.id), ...d.messages.map((m) => m.id)], []);
    const stageIds = new Set(d.stages.map((s) => s.id));
    d.messages.forEach((m, i) => {
      if (!stageIds.has(m.stageId)) ctx.addIssue({ code: 'custom', path: ['messages', i, 'stageId'], message: `no stage has id ${m.stageId}` });
    });
  });
export type JourneyDefinition = z.infer<typeof JourneyDefinition>;
export type JourneyDefinitionInput = z.input<typeof JourneyDefinition>;

export const TEMPLATE_NAMES = ['seven-phase', 'five-phase', 'four-phase'] as const;
export const TemplateName = z.enum(TEMPLATE_NAMES);
export type TemplateName = z.infer<typeof TemplateName>;
export const Locale = z.enum(['en', 'sv', 'da']);
export type Locale = z.infer<typeof Locale>;

/** The JSON export of a map (dashboard "Export JSON"); importing it creates a new draft journey. */
export const JourneyExport = z.object({
  format: z.literal('kundresa.journey/v1'),
  name: z.string().min(1).max(200),
  description: Text.default(''),
  owner: z.string().max(200).default(''),
  definition: JourneyDefinition,
});
export type JourneyExport = z.infer<typeof JourneyExport>;
