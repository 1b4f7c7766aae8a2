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
  /**
   * Reads every event of a workspace (but `Journey Stage Entered`, which the journey engine derives)
   * as of one consistent position, without blocking appends; returns that position.
   */
  scan(q: ScanRequest): Promise<{ position: number }>;
  /** Events of some customers (merged profiles included) in a time range, oldest first, per customer. */
  eventsOfProfiles(q: { workspaceId: string; profileIds: string[]; from: number; to: number; limit: number }): Promise<EventRow[]>;
  close(): Promise<void>;
}

/** Call types as small integers in a scan (`ScanBatch.type`). */
export const SCAN_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;

/** What a rebuild of derived state (journey state) reads: a few columns of every event. */
export interface ScanRequest {
  workspaceId: string;
  /** Dotted field paths (`properties.revenue`) to extract as text, in this order. */
  paths: string[];
  /**
   * Per path (same order): the events whose value of it can matter, as alternatives; null or absent:
   * every event. Other events may come back with null for that path: extracting a JSON field for events
   * no rule reads it of is most of the cost of a scan.
   */
  pathScopes?: (ScanPathScope[] | null)[];
  /** Event/page names of interest; others come back as -1 in `label`. */
  labels: string[];
  /** Only events that happened at or after this time (epoch ms). */
  since?: number;
  /** Called once with the number of events the scan will read. */
  onTotal?: (total: number) => void;
  /** Receives the events in batches; `profiles` maps `profile` indexes to canonical profile ids. */
  onBatch: (batch: ScanBatch, profiles: readonly string[]) => void | Promise<void>;
}

/** Events of these call types (null: any) with one of these labels (null: any label, or none). */
export interface ScanPathScope {
  types: readonly string[] | null;
  labels: readonly string[] | null;
}

/** A batch of scanned events in columns. Events are not in any particular order. */
export interface ScanBatch {
  length: number;
  /** Index into the scan's profile dictionary: the canonical (surviving) profile. */
  profile: Int32Array;
  ts: Float64Array;
  /** Index into SCAN_TYPES. */
  type: Uint8Array;
  /** Index into ScanRequest.labels of the track event name or page/screen name; -1 another name, -2 none. */
  label: Int32Array;
  /** One column per requested path. */
  texts: (string | null)[][];
}

/** Splits a dotted path into its root column and the JSON path inside it. */
export function splitFieldPath(path: string): { column: 'properties' | 'context' | 'traits'; keys: string[] } {
  const [root, ...keys] = path.split('.');
  if (root !== 'properties' && root !== 'context' && root !== 'traits') throw new Error(`unknown field root in ${path}`);
  return { column: root, keys };
}
