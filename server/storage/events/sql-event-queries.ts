import { STAGE_ENTERED_EVENT } from '../../../common/journeys/rule-matcher.ts';
import { type EventQuery, type EventRow, SCAN_TYPES, type ScanPathScope, type ScanRequest, splitFieldPath } from './event-store.ts';

/** Runs SQL with $1-style parameters and returns plain rows (bigints already numbers). */
export type SqlRunner = (sql: string, params: readonly (string | number | null)[]) => Promise<Record<string, unknown>[]>;

/**
 * The read queries of the event store, written once: DuckDB and PostgreSQL share this SQL
 * ($n parameters, CTEs, the same column types). `profile_aliases` maps merged profiles to survivors.
 */
export const EVENT_COLUMNS = 'seq, message_id, type, event, name, profile_id, user_id, anonymous_id, ts, received_at, properties, context, traits, group_id, previous_id';

/** Recent events with optional filters, newest first. */
export async function queryEvents(run: SqlRunner, q: EventQuery): Promise<EventRow[]> {
  const where = ['e.workspace_id = $1'];
  const params: (string | number)[] = [q.workspaceId];
  const add = (clause: (p: string) => string, value: string | number) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (q.type) add((p) => `e.type = ${p}`, q.type);
  if (q.event) add((p) => `e.event = ${p}`, q.event);
  if (q.from !== undefined) add((p) => `e.ts >= ${p}`, q.from);
  if (q.to !== undefined) add((p) => `e.ts < ${p}`, q.to);
  if (q.afterSeq !== undefined) add((p) => `e.seq > ${p}`, q.afterSeq);
  if (q.before) {
    params.push(q.before.timestamp, q.before.seq);
    where.push(`(e.ts < $${params.length - 1} OR (e.ts = $${params.length - 1} AND e.seq < $${params.length}))`);
  }
  params.push(q.limit);
  const order = q.afterSeq !== undefined ? 'e.seq DESC' : 'e.ts DESC, e.seq DESC';
  const sql = `SELECT ${prefixed('e')}, COALESCE(a.to_profile, e.profile_id) AS canonical_profile
    FROM events e LEFT JOIN profile_aliases a ON a.workspace_id = e.workspace_id AND a.from_profile = e.profile_id
    WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${params.length}`;
  return (await run(sql, params)).map(toEventRow);
}

/** A customer's timeline across channels: their events and those of every profile merged into them. */
export async function queryProfileEvents(run: SqlRunner, q: { workspaceId: string; profileId: string; limit: number; before?: { timestamp: number; seq: number } }): Promise<EventRow[]> {
  const params: (string | number)[] = [q.workspaceId, q.profileId];
  let cursor = '';
  if (q.before) {
    params.push(q.before.timestamp, q.before.seq);
    cursor = ` AND (e.ts < $3 OR (e.ts = $3 AND e.seq < $4))`;
  }
  params.push(q.limit);
  const sql = `SELECT ${prefixed('e')}, $2 AS canonical_profile FROM events e
    WHERE e.workspace_id = $1
      AND (e.profile_id = $2 OR e.profile_id IN (SELECT from_profile FROM profile_aliases WHERE workspace_id = $1 AND to_profile = $2))${cursor}
    ORDER BY e.ts DESC, e.seq DESC LIMIT $${params.length}`;
  return (await run(sql, params)).map(toEventRow);
}

/** Totals and a per-minute histogram of arrivals over the last hour. */
export async function queryStats(run: SqlRunner, q: { workspaceId: string; now: number }): Promise<{ totalEvents: number; perMinute: { minute: number; count: number }[] }> {
  const hourAgo = q.now - 3_600_000;
  const [total] = await run('SELECT COUNT(*) AS n FROM events WHERE workspace_id = $1', [q.workspaceId]);
  const rows = await run(
    `SELECT received_at - received_at % 60000 AS minute, COUNT(*) AS n FROM events
     WHERE workspace_id = $1 AND received_at >= $2 GROUP BY 1 ORDER BY 1`,
    [q.workspaceId, hourAgo],
  );
  const counts = new Map(rows.map((r) => [Number(r.minute), Number(r.n)]));
  const firstMinute = Math.floor(hourAgo / 60_000) * 60_000 + 60_000;
  const perMinute: { minute: number; count: number }[] = [];
  for (let m = firstMinute; m <= q.now; m += 60_000) perMinute.push({ minute: m, count: counts.get(m) ?? 0 });
  return { totalEvents: Number(total?.n ?? 0), perMinute };
}

/** Event names with their counts, most frequent first. */
export async function queryEventNames(run: SqlRunner, workspaceId: string): Promise<{ event: string; count: number }[]> {
  const rows = await run(
    `SELECT event, COUNT(*) AS n FROM events WHERE workspace_id = $1 AND event IS NOT NULL GROUP BY event ORDER BY n DESC, event LIMIT 500`,
    [workspaceId],
  );
  return rows.map((r) => ({ event: String(r.event), count: Number(r.n) }));
}

/** Pages through all events of a workspace in arrival (seq) order. */
export async function exportAll(run: SqlRunner, workspaceId: string, onPage: (rows: EventRow[]) => Promise<void> | void): Promise<number> {
  let after = -1;
  let total = 0;
  for (;;) {
    const rows = (
      await run(
        `SELECT ${prefixed('e')}, COALESCE(a.to_profile, e.profile_id) AS canonical_profile
         FROM events e LEFT JOIN profile_aliases a ON a.workspace_id = e.workspace_id AND a.from_profile = e.profile_id
         WHERE e.workspace_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT 10000`,
        [workspaceId, after],
      )
    ).map(toEventRow);
    if (rows.length === 0) return total;
    await onPage(rows);
    total += rows.length;
    after = rows[rows.length - 1]?.seq ?? after;
  }
}

function prefixed(alias: string): string {
  return EVENT_COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');
}

function parseJson(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') return JSON.parse(v) as Record<string, unknown>;
  if (v && typeof v === 'object') return v as Record<string, unknown>;
  return {};
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toEventRow(r: Record<string, unknown>): EventRow {
  return {
    seq: Number(r.seq),
    messageId: String(r.message_id),
    type: String(r.type),
    event: str(r.event),
    name: str(r.name),
    profileId: String(r.canonical_profile ?? r.profile_id),
    userId: str(r.user_id),
    anonymousId: str(r.anonymous_id),
    timestamp: Number(r.ts),
    receivedAt: Number(r.received_at),
    properties: parseJson(r.properties),
    context: parseJson(r.context),
    traits: parseJson(r.traits),
    groupId: str(r.group_id),
    previousId: str(r.previous_id),
  };
}

/**
 * Fields an analytics column (sql-analytics.ts) holds, with an empty value read as absent: a reader that treats "" as
 * absent (`ScanRequest.emptyAsAbsent`) reads the column instead of parsing the JSON.
 */
export const FIELD_COLUMNS: Readonly<Record<string, string>> = {
  'context.campaign.source': 'utm_source',
  'context.campaign.medium': 'utm_medium',
  'context.campaign.name': 'utm_campaign',
};

/** The canonical profile of an event row `e` (joined with `profile_aliases a`). */
export const CANONICAL_PROFILE = 'COALESCE(a.to_profile, e.profile_id)';
export const ALIAS_JOIN = 'LEFT JOIN profile_aliases a ON a.workspace_id = e.workspace_id AND a.from_profile = e.profile_id';
export const EVENTS_WITH_ALIASES = `events e ${ALIAS_JOIN}`;

/**
 * The shared part of a scan: the WHERE clause (workspace, time, no derived stage entries) and the
 * column expressions for type and label codes. `jsonText(column, keys, param)` is the dialect's JSON
 * extraction; parameters start at $1 = workspace id.
 */
export function scanParts(
  q: ScanRequest,
  jsonText: (column: string, keys: string[], addParam: (v: string) => string) => string,
  contains: (column: string, text: string) => string = (column, text) => `strpos(${column}, ${text}) > 0`,
  jsonObject?: (column: string, keys: string[], addParam: (v: string) => string) => string,
): { where: string; columns: string; params: (string | number)[]; whereParams: (string | number)[]; from: string } {
  const params: (string | number)[] = [q.workspaceId];
  const add = (v: string | number) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`e.workspace_id = $1`, `(e.event IS NULL OR e.event <> ${add(STAGE_ENTERED_EVENT)})`];
  if (q.since !== undefined) where.push(`e.ts >= ${add(q.since)}`);
  // DuckDB refuses parameters a statement does not use: queries with only the WHERE clause get these.
  const whereParams = [...params];
  const typeCode = `CASE e.type ${SCAN_TYPES.map((t, i) => `WHEN '${t}' THEN ${i}`).join(' ')} ELSE ${SCAN_TYPES.length} END`;
  // One parameter per distinct value in the column expressions.
  const named = new Map<string, string>();
  const value = (v: string) => {
    let p = named.get(v);
    if (p === undefined) named.set(v, (p = add(v)));
    return p;
  };
  // The label is the track event name, or the page/screen name; each column is compared directly.
  const codeOf = (column: string) => (q.labels.length === 0 ? '-1' : `CASE ${column} ${q.labels.map((l, i) => `WHEN ${value(l)} THEN ${i}`).join(' ')} ELSE -1 END`);
  const labelCode = `CASE WHEN e.type = 'track' AND e.event IS NOT NULL THEN ${codeOf('e.event')} WHEN e.type IN ('page', 'screen') AND e.name IS NOT NULL THEN ${codeOf('e.name')} ELSE -2 END`;

  // Parsing the JSON is most of a scan's cost: a field is extracted only where it can exist (the stores
  // write JSON.stringify's text, where its first key appears verbatim between quotes) and can matter
  // (`pathScopes`). Fields under one object (context.campaign.*) parse the column once, for the object.
  const fields = q.paths.map((p, k) => {
    const { column, keys } = splitFieldPath(p);
    const stored = q.emptyAsAbsent?.[k] ? FIELD_COLUMNS[p] : undefined;
    const scopes = q.pathScopes?.[k];
    const scope = scopes && !scopes.some((s) => s.types === null && s.labels === null) ? `(${scopes.length === 0 ? 'false' : scopes.map((s) => scopeSql(s, value)).join(' OR ')})` : null;
    const first = keys[0];
    const present = !stored && first !== undefined && JSON.stringify(first) === `"${first}"` ? contains(`e.${column}`, value(`"${first}"`)) : null;
    return { column, keys, scope, present, group: `${column}.${first ?? ''}`, stored };
  });
  const groupSize = new Map<string, number>();
  for (const f of fields) if (f.keys.length >= 2 && !f.stored) groupSize.set(f.group, (groupSize.get(f.group) ?? 0) + 1);
  const objects = new Map<string, string>();
  const inner: string[] = [];
  const when = (guards: (string | null)[], expr: string) => {
    const g = guards.filter((x) => x !== null);
    return g.length === 0 ? expr : `CASE WHEN ${g.join(' AND ')} THEN ${expr} END`;
  };
  const texts = fields.map((f) => {
    if (f.stored) return when([f.scope], `e.${f.stored}`);
    if (!jsonObject || (groupSize.get(f.group) ?? 0) < 2) return when([f.scope, f.present], jsonText(`e.${f.column}`, f.keys, value));
    let object = objects.get(f.group);
    if (object === undefined) {
      object = `scan_object_${objects.size}`;
      objects.set(f.group, object);
      const members = fields.filter((m) => m.group === f.group && m.keys.length >= 2 && !m.stored);
      const scope = members.some((m) => m.scope === null) ? null : `(${members.map((m) => m.scope).join(' OR ')})`;
      inner.push(`${when([scope, f.present], jsonObject(`e.${f.column}`, f.keys.slice(0, 1), value))} AS ${object}`);
    }
    return when([f.scope], jsonText(`e.${object}`, f.keys.slice(1), value));
  });
  const from = inner.length === 0 ? 'events e' : `(SELECT e.*, ${inner.join(', ')} FROM events e) e`;
  return { where: where.join(' AND '), columns: [typeCode, labelCode, ...texts].join(', '), params, whereParams, from };
}

/** Events of a scope: its call types and its labels (the track event name, the page/screen name). */
function scopeSql(s: ScanPathScope, value: (v: string) => string): string {
  const parts: string[] = [];
  if (s.types !== null) parts.push(s.types.length === 0 ? 'false' : `e.type IN (${s.types.map(value).join(', ')})`);
  if (s.labels !== null) {
    const names = s.labels.map(value).join(', ');
    parts.push(s.labels.length === 0 ? 'false' : `((e.type = 'track' AND e.event IN (${names})) OR (e.type IN ('page', 'screen') AND e.name IN (${names})))`);
  }
  return parts.length === 0 ? 'true' : `(${parts.join(' AND ')})`;
}

/** Events of a set of customers in [from, to), per customer oldest first. */
export async function queryEventsOfProfiles(run: SqlRunner, q: { workspaceId: string; profileIds: string[]; from: number; to: number; limit: number }): Promise<EventRow[]> {
  if (q.profileIds.length === 0) return [];
  const params: (string | number)[] = [q.workspaceId, q.from, q.to];
  const list = q.profileIds.map((id) => {
    params.push(id);
    return `$${params.length}`;
  });
  params.push(q.limit);
  const sql = `SELECT ${prefixed('e')}, ${CANONICAL_PROFILE} AS canonical_profile FROM ${EVENTS_WITH_ALIASES}
    WHERE e.workspace_id = $1 AND e.ts >= $2 AND e.ts < $3 AND ${CANONICAL_PROFILE} IN (${list.join(', ')})
    ORDER BY canonical_profile, e.ts, e.seq LIMIT $${params.length}`;
  return (await run(sql, params)).map(toEventRow);
}
