import { z } from 'zod';

/**
 * The Segment HTTP Tracking API call shapes (identify, track, page, screen, group, alias),
 * as accepted on /v1/*. Unknown fields are kept out; ids may be strings or numbers, as the SDKs allow.
 */
const Id = z.union([z.string().min(1).max(512), z.number().finite()]).transform((v) => String(v));
// Objects are checked by shape only: walking every nested key costs more than the rest of ingestion.
const Json = z.custom<Record<string, unknown>>(isPlainObject, { message: 'must be a JSON object' });
const DateLike = z.union([z.string().min(1).max(64), z.number().finite()]).transform((v, ctx) => {
  const t = typeof v === 'number' ? v : Date.parse(v);
  if (Number.isNaN(t)) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date' });
    return z.NEVER;
  }
  return t;
});

const Common = z.object({
  messageId: z.string().min(1).max(256).optional(),
  userId: Id.nullish(),
  anonymousId: Id.nullish(),
  timestamp: DateLike.optional(),
  originalTimestamp: DateLike.optional(),
  sentAt: DateLike.optional(),
  context: Json.optional(),
  integrations: Json.optional(),
});

export const CallType = z.enum(['identify', 'track', 'page', 'screen', 'group', 'alias']);
export type CallType = z.infer<typeof CallType>;

export const IdentifyCall = Common.extend({ type: z.literal('identify'), traits: Json.optional() });
export const TrackCall = Common.extend({ type: z.literal('track'), event: z.string().min(1).max(256), properties: Json.optional() });
export const PageCall = Common.extend({ type: z.literal('page'), name: z.string().max(512).nullish(), category: z.string().max(256).nullish(), properties: Json.optional() });
export const ScreenCall = Common.extend({ type: z.literal('screen'), name: z.string().max(512).nullish(), category: z.string().max(256).nullish(), properties: Json.optional() });
export const GroupCall = Common.extend({ type: z.literal('group'), groupId: Id, traits: Json.optional() });
export const AliasCall = Common.extend({ type: z.literal('alias'), previousId: Id, userId: Id });

export const SegmentCall = z.discriminatedUnion('type', [IdentifyCall, TrackCall, PageCall, ScreenCall, GroupCall, AliasCall]);
export type SegmentCall = z.infer<typeof SegmentCall>;

/** One event as Kundresa stores it: validated, ids as strings, timestamps corrected (epoch ms). */
export interface StoredEvent {
  type: CallType;
  messageId: string;
  userId: string | null;
  anonymousId: string | null;
  event: string | null;
  name: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  groupId: string | null;
  previousId: string | null;
  /** When it happened, corrected for client clock skew. */
  timestamp: number;
  /** The client's own claim, uncorrected. */
  originalTimestamp: number | null;
  sentAt: number | null;
  receivedAt: number;
}

/**
 * Segment's clock-skew correction: if the client says it sent at `sentAt` something that happened at
 * `timestamp`, and we received it at `receivedAt`, it happened at receivedAt − (sentAt − timestamp).
 */
export function correctTimestamp(input: { timestamp: number | undefined; sentAt: number | undefined; receivedAt: number }): number {
  const { timestamp, sentAt, receivedAt } = input;
  if (timestamp === undefined) return receivedAt;
  if (sentAt === undefined) return timestamp;
  return receivedAt - (sentAt - timestamp);
}

/** Validation outcome of one call: a stored event, or a reason naming the field. */
export type NormaliseResult = { ok: true; event: StoredEvent } | { ok: false; code: string; message: string; field?: string };

/** Batch-level fields that apply to every call of a batch; the call's own fields win. */
export interface SharedFields {
  context?: Record<string, unknown>;
  integrations?: Record<string, unknown>;
  sentAt?: unknown;
}

/** Validates one raw call and normalises it; `type` comes from the URL for single-call endpoints. */
export function normaliseCall(raw: unknown, opts: { receivedAt: number; typeFromPath?: CallType; newMessageId: () => string; shared?: SharedFields }): NormaliseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, code: 'invalid_call', message: 'Each call must be a JSON object.' };
  }
  const obj = raw as Record<string, unknown>;
  if (opts.typeFromPath) obj.type = opts.typeFromPath;
  // Mutating the freshly parsed request object is cheaper than copying it on the hot path.
  const shared = opts.shared;
  if (shared) {
    if (obj.sentAt === undefined && shared.sentAt !== undefined) obj.sentAt = shared.sentAt;
    if (shared.context) obj.context = isPlainObject(obj.context) ? { ...shared.context, ...obj.context } : shared.context;
    if (shared.integrations) obj.integrations = isPlainObject(obj.integrations) ? { ...shared.integrations, ...obj.integrations } : shared.integrations;
  }
  const parsed = SegmentCall.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? issue.path.join('.') : '';
    const message = issue ? describeIssue(field, issue) : 'Invalid call.';
    return { ok: false, code: 'invalid_field', message, field };
  }
  const c = parsed.data;
  const userId = c.userId ?? null;
  const anonymousId = c.anonymousId ?? null;
  if (userId === null && anonymousId === null) {
    return { ok: false, code: 'missing_identity', message: 'Either userId or anonymousId is required.', field: 'userId' };
  }
  const happenedAt = c.timestamp ?? c.originalTimestamp;
  const context = c.context ?? {};
  const traits = c.type === 'identify' || c.type === 'group' ? (c.traits ?? {}) : {};
  return {
    ok: true,
    event: {
      type: c.type,
      messageId: c.messageId ?? opts.newMessageId(),
      userId,
      anonymousId,
      event: c.type === 'track' ? c.event : null,
      name: c.type === 'page' || c.type === 'screen' ? (c.name ?? null) : null,
      properties: c.type === 'track' || c.type === 'page' || c.type === 'screen' ? (c.properties ?? {}) : {},
      traits,
      context,
      groupId: c.type === 'group' ? c.groupId : null,
      previousId: c.type === 'alias' ? c.previousId : null,
      timestamp: correctTimestamp({ timestamp: happenedAt, sentAt: c.sentAt, receivedAt: opts.receivedAt }),
      originalTimestamp: happenedAt ?? null,
      sentAt: c.sentAt ?? null,
      receivedAt: opts.receivedAt,
    },
  };
}

/** A JSON object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeIssue(field: string, issue: z.core.$ZodIssue): string {
  if (field === 'type') return 'type must be one of identify, track, page, screen, group, alias.';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${field} is required.`;
  return `${field || 'call'}: ${issue.message}`;
}
