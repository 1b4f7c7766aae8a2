import type { StoredEvent } from '../../../common/segment.ts';

/** An event handed to the event store: the stored call plus its inbox position and resolved profile. */
export interface EventRecord {
  seq: number;
  workspaceId: string;
  profileId: string;
  event: StoredEvent;
}

/** A merge of two profiles, applied to analytics at the inbox position that caused it. */
export interface ProfileMerge {
  seq: number;
  workspaceId: string;
  fromProfile: string;
  toProfile: string;
}

/** An event as the admin API returns it. Times are epoch ms. */
export interface EventRow {
  seq: number;
  messageId: string;
  type: string;
  event: string | null;
  name: string | null;
  profileId: string;
  userId: string | null;
  anonymousId: string | null;
  timestamp: number;
  receivedAt: number;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  traits: Record<string, unknown>;
  groupId: string | null;
  previousId: string | null;
}

export interface EventQuery {
  workspaceId: string;
  type?: string;
  event?: string;
  from?: number;
  to?: number;
  /** Only events with a larger sequence number (live stream polling). */
  afterSeq?: number;
  /** Keyset pagination: events strictly older than this (timestamp, seq). */
  before?: { timestamp: number; seq: number };
  limit: number;
}

/** The immutable event log and the analytics over it (DuckDB embedded, or PostgreSQL). */
export interface EventStore {
  readonly engine: 'duckdb' | 'postgres';
  /** The last inbox position this store has applied. */
  position(): Promise<number>;
  /** Appends events and applies merges up to `position`, atomically with the position itself. */
  apply(batch: { events: EventRecord[]; merges: ProfileMerge[]; position: number }): Promise<void>;
  events(q: EventQuery): Promise<EventRow[]>;
  /** One customer's timeline, newest first, including events of profiles merged into it. */
  profileEvents(q: { workspaceId: string; profileId: string; limit: number; before?: { timestamp: number; seq: number } }): Promise<EventRow[]>;
  /** Total events and events per minute (by arrival) over the hour before `now`. */
  stats(q: { workspaceId: string; now: number }): Promise<{ totalEvents: number; perMinute: { minute: number; count: number }[] }>;
  /** Distinct event names seen, most frequent first (query builders and filters use it). */
  eventNames(workspaceId: string): Promise<{ event: string; count: number }[]>;
  /** Streams all events of a workspace in arrival order, in pages. */
  exportEvents(workspaceId: string, onPage: (rows: EventRow[]) => Promise<void> | void): Promise<number>;
  close(): Promise<void>;
}
