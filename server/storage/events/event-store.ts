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
  /**
   * Reads every event of a workspace (stage entries included) as coded columns for the analytics
   * engine, as of one consistent position, without blocking appends; returns that position.
   */
  columns(q: ColumnsRequest): Promise<{ position: number }>;
  /**
   * Field values (dotted paths, as text) of the events of a workspace that a query may match: events
   * of these types, with these labels (track event name or page/screen name; null: any), by `seq`.
   */
  eventTexts(q: EventTextsRequest): Promise<EventTexts>;
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
  /**
   * Per path (same order): whether an empty string may come back as null. Lets a store read a column it
   * keeps for the field (the UTM fields) instead of parsing the JSON.
   */
  emptyAsAbsent?: boolean[];
  /** Event/page names of interest; others come back as -1 in `label`. */
  labels: string[];
  /** Only events that happened at or after this time (epoch ms). */
  since?: number;
  /** Called once with the number of events the scan will read. */
  onTotal?: (total: number) => void;
  /**
   * A store that knows the whole profile dictionary before the first batch may hand it over here first,
   * while it computes the batches (work done here overlaps the store's); the batches' `profiles` are
   * then the same list.
   */
  onProfiles?: (profiles: readonly string[]) => void;
  /** Receives the events in batches; `profiles` maps `profile` indexes to canonical profile ids. */
  onBatch: (batch: ScanBatch, profiles: readonly string[]) => void | Promise<void>;
}

/** Events of these call types (null: any) with one of these labels (null: any label, or none). */
export interface ScanPathScope {
  types: readonly string[] | null;
  labels: readonly string[] | null;
}

/**
 * A batch of scanned events in columns. Events are not in any particular order (DuckDB's come customer
 * by customer). The arrays may be views of the store's own memory: read them during `onBatch`, keep copies.
 */
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

/** What the analytics engine's build reads (see `EventStore.columns`). */
export interface ColumnsRequest {
  workspaceId: string;
  /** Called once, before any batch: the customers (canonical profile ids) and their number of events. */
  onCustomers: (profiles: readonly string[], counts: Int32Array) => void;
  /** The events in batches, in no particular order; `strings` may grow from batch to batch. */
  onBatch: (batch: ColumnsBatch, strings: readonly string[]) => void | Promise<void>;
}

/**
 * Events as coded columns. Text columns are codes into the `strings` passed with the batch (-1: none):
 * `name` the track event name or page/screen name; the others the analytics columns of the event
 * (analytics-columns.ts: page path, UTM source/medium/campaign, referrer and page hosts).
 */
export interface ColumnsBatch {
  length: number;
  /** Index into the `onCustomers` profiles. */
  customer: Int32Array;
  ts: Float64Array;
  seq: Float64Array;
  /** Index into SCAN_TYPES. */
  type: Uint8Array;
  name: Int32Array;
  path: Int32Array;
  utmSource: Int32Array;
  utmMedium: Int32Array;
  utmCampaign: Int32Array;
  referrerHost: Int32Array;
  pageHost: Int32Array;
}

export interface EventTextsRequest {
  workspaceId: string;
  paths: string[];
  /** Call types (null: any). */
  types: readonly string[] | null;
  /** Track event names or page/screen names (null: any). */
  labels: readonly string[] | null;
  /** Only events with at least one of the fields present (null: every event of the types and labels). */
  present?: readonly { path: string; types: readonly string[] | null }[];
}

/** Per event found: where it is (canonical profile, timestamp, seq) and its field values, one array per path. */
export interface EventTexts {
  profile: string[];
  ts: Float64Array;
  seq: Float64Array;
  texts: (string | null)[][];
}
