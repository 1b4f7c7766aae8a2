import { z } from 'zod';

/** Response and query schemas of the admin API, shared by the server (validation, OpenAPI) and the dashboard. */

export const ApiError = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
export type ApiError = z.infer<typeof ApiError>;

export const Identity = z.object({ kind: z.enum(['user', 'anonymous']), value: z.string() });
export type Identity = z.infer<typeof Identity>;

export const ProfileSummary = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  traits: z.record(z.string(), z.unknown()),
  firstSeen: z.number().describe('epoch ms'),
  lastSeen: z.number().describe('epoch ms'),
  eventCount: z.number(),
});
export type ProfileSummary = z.infer<typeof ProfileSummary>;

export const Account = z.object({ groupId: z.string(), traits: z.record(z.string(), z.unknown()) });
export type Account = z.infer<typeof Account>;

export const ProfileDetail = ProfileSummary.extend({
  identities: z.array(Identity),
  accounts: z.array(Account),
  mergedFrom: z.array(z.string()).describe('profile ids merged into this one'),
});
export type ProfileDetail = z.infer<typeof ProfileDetail>;

export const ProfileList = z.object({ profiles: z.array(ProfileSummary), nextCursor: z.string().nullable() });
export type ProfileList = z.infer<typeof ProfileList>;

export const EventItem = z.object({
  seq: z.number(),
  messageId: z.string(),
  type: z.string(),
  event: z.string().nullable(),
  name: z.string().nullable(),
  profileId: z.string(),
  userId: z.string().nullable(),
  anonymousId: z.string().nullable(),
  timestamp: z.number().describe('when it happened, epoch ms, corrected for client clock skew'),
  receivedAt: z.number(),
  properties: z.record(z.string(), z.unknown()),
  context: z.record(z.string(), z.unknown()),
  traits: z.record(z.string(), z.unknown()),
  groupId: z.string().nullable(),
  previousId: z.string().nullable(),
});
export type EventItem = z.infer<typeof EventItem>;

export const EventList = z.object({ events: z.array(EventItem), nextCursor: z.string().nullable() });
export type EventList = z.infer<typeof EventList>;

export const Stats = z.object({
  totalEvents: z.number(),
  totalProfiles: z.number(),
  pipelineLag: z.number().describe('acknowledged requests (inbox rows) whose events are not yet visible in analytics'),
  eventsPerMinute: z.array(z.object({ minute: z.number(), count: z.number() })),
});
export type Stats = z.infer<typeof Stats>;

export const KeyInfo = z.object({
  id: z.string(),
  kind: z.enum(['write', 'admin']),
  name: z.string(),
  writeKey: z.string().nullable(),
  prefix: z.string(),
  createdAt: z.number(),
  revokedAt: z.number().nullable(),
});
export type KeyInfo = z.infer<typeof KeyInfo>;

export const Workspace = z.object({
  id: z.string(),
  name: z.string(),
  writeKeys: z.array(z.string()).describe('active write keys'),
  ingestUrl: z.string(),
});
export type Workspace = z.infer<typeof Workspace>;

export const EventNames = z.object({ events: z.array(z.object({ event: z.string(), count: z.number() })) });
export type EventNames = z.infer<typeof EventNames>;

export const EventsQuery = z.object({
  type: z.enum(['identify', 'track', 'page', 'screen', 'group', 'alias']).optional(),
  event: z.string().max(256).optional(),
  from: z.string().optional().describe('ISO 8601 or epoch ms, inclusive'),
  to: z.string().optional().describe('ISO 8601 or epoch ms, exclusive'),
  after: z.coerce.number().int().min(0).optional().describe('only events with a larger seq (live polling)'),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const ProfilesQuery = z.object({
  search: z.string().max(200).optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const PageQuery = z.object({
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const CreateKeyBody = z.object({ kind: z.enum(['write', 'admin']), name: z.string().min(1).max(100) });
export const CreatedKey = z.object({ key: KeyInfo, token: z.string() });
