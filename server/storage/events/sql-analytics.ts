import { type EventTextsRequest, SCAN_TYPES, splitFieldPath } from './event-store.ts';
import { CANONICAL_PROFILE, EVENTS_WITH_ALIASES } from './sql-event-queries.ts';

/**
 * SQL shared by both event stores for the analytics engine: the text columns of `EventStore.columns`
 * and the field extraction of `EventStore.eventTexts`. Each store passes its dialect: how to read a
 * JSON field as text, and how to take the authority out of a URL.
 */
export interface AnalyticsDialect {
  /** A JSON field of a text column as text (NULL when absent); `add` makes a parameter. */
  jsonText(column: string, keys: string[], add: (v: string) => string): string;
  /** The authority (`user@host:port`) of a URL with a scheme, else NULL. */
  authority(url: string): string;
}

/** The URL scheme and authority, as the sessions semantics read a URL (docs/analytics.md). */
export const AUTHORITY_REGEX = '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)';

/**
 * The analytics columns every event row carries besides its JSON (docs/ARCHITECTURE.md): written by
 * the stores from `analyticsColumnsOf` (server/features/analytics/event-columns.ts) and backfilled in
 * SQL for rows stored before they existed, so an analytics build reads plain columns instead of
 * parsing JSON (most of the cost of a scan). `analytics_ready` tells written or backfilled rows apart.
 */
export const ANALYTICS_COLUMNS = ['page_path', 'utm_source', 'utm_medium', 'utm_campaign', 'referrer_host', 'page_host'] as const;

/** `ALTER TABLE` statements adding the analytics columns to an events table made before them. */
export function analyticsColumnsDdl(): string[] {
  return [...ANALYTICS_COLUMNS.map((c) => `ALTER TABLE events ADD COLUMN IF NOT EXISTS ${c} VARCHAR`), `ALTER TABLE events ADD COLUMN IF NOT EXISTS analytics_ready BOOLEAN`];
}

/**
 * The UPDATE that fills the analytics columns of rows that lack them: the same values as
 * `analyticsColumnsOf` computes in JS (hosts lower-cased by the engine's lower(), which agrees with the
 * JS ASCII lower case on host names).
 */
export function backfillSql(d: AnalyticsDialect): { sql: string; params: string[] } {
  const params: string[] = [];
  const add = (v: string) => {
    params.push(v);
    return `$${params.length}`;
  };
  const field = (path: string) => {
    const { column, keys } = splitFieldPath(path);
    return `NULLIF(${d.jsonText(column, keys, add)}, '')`;
  };
  const firstOf = (...paths: string[]) => `COALESCE(${paths.map(field).join(', ')})`;
  const host = (url: string) =>
    `NULLIF(regexp_replace(lower(regexp_replace(regexp_replace(NULLIF(${d.authority(url)}, ''), '^.*@', ''), ':[0-9]*$', '')), '^www[.]', ''), '')`;
  const sets = [
    `page_path = ${firstOf('properties.path', 'context.page.path')}`,
    `utm_source = ${field('context.campaign.source')}`,
    `utm_medium = ${field('context.campaign.medium')}`,
    `utm_campaign = ${field('context.campaign.name')}`,
    `referrer_host = ${host(firstOf('context.page.referrer', 'properties.referrer'))}`,
    `page_host = ${host(firstOf('context.page.url', 'properties.url'))}`,
    'analytics_ready = TRUE',
  ];
  return { sql: `UPDATE events SET ${sets.join(', ')} WHERE analytics_ready IS NULL`, params };
}

/** The coded text columns of `EventStore.columns`, in ColumnsBatch order (name, path, utm ×3, referrer, page host). */
export const COLUMN_TEXTS = [
  `CASE WHEN e.type = 'track' THEN e.event WHEN e.type IN ('page', 'screen') THEN e.name END`,
  'e.page_path',
  'e.utm_source',
  'e.utm_medium',
  'e.utm_campaign',
  'e.referrer_host',
  'e.page_host',
];

/** The call type as its SCAN_TYPES index. */
export const TYPE_CODE = `CASE e.type ${SCAN_TYPES.map((t, i) => `WHEN '${t}' THEN ${i}`).join(' ')} ELSE ${SCAN_TYPES.length} END`;

/** `SELECT profile, ts, seq, <fields…>` for the events an `eventTexts` request names (merges resolved). */
export function eventTextsSql(d: AnalyticsDialect, q: EventTextsRequest): { sql: string; params: string[] } {
  const params: string[] = [q.workspaceId];
  const add = (v: string) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['e.workspace_id = $1'];
  if (q.types !== null) where.push(q.types.length === 0 ? 'false' : `e.type IN (${q.types.map(add).join(', ')})`);
  if (q.labels !== null) {
    const names = q.labels.map(add).join(', ');
    where.push(q.labels.length === 0 ? 'false' : `((e.type = 'track' AND e.event IN (${names})) OR (e.type IN ('page', 'screen') AND e.name IN (${names})))`);
  }
  const text = (path: string) => {
    const { column, keys } = splitFieldPath(path);
    return d.jsonText(`e.${column}`, keys, add);
  };
  if (q.present) {
    const any = q.present.map((f) => (f.types === null ? `${text(f.path)} IS NOT NULL` : `(e.type IN (${f.types.map(add).join(', ')}) AND ${text(f.path)} IS NOT NULL)`));
    where.push(any.length === 0 ? 'false' : `(${any.join(' OR ')})`);
  }
  const fields = q.paths.map((p, k) => `, ${text(p)} AS f${k}`).join('');
  return {
    sql: `SELECT ${CANONICAL_PROFILE} AS profile, e.ts::FLOAT8 AS ts, e.seq::FLOAT8 AS seq${fields} FROM ${EVENTS_WITH_ALIASES} WHERE ${where.join(' AND ')}`,
    params,
  };
}
