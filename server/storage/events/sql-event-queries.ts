import { STAGE_ENTERED_EVENT } from '../../../common/journeys/rule-matcher.ts';
import { type EventQuery, type EventRow, SCAN_TYPES, type ScanRequest, splitFieldPath } from './event-store.ts';

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

/** The canonical profile of an event row `e` (joined with `profile_aliases a`). */
export const CANONICAL_PROFILE = 'COALESCE(a.to_profile, e.profile_id)';
export const EVENTS_WITH_ALIASES = 'events e LEFT JOIN profile_aliases a ON a.workspace_id = e.workspace_id AND a.from_profile = e.profile_id';

/**
 * The shared part of a scan: the WHERE clause (workspace, time, no derived stage entries) and the
 * column expressions for type and label codes. `jsonText(column, keys, param)` is the dialect's JSON
 * extraction; parameters start at $1 = workspace id.
 */
export function scanParts(
  q: ScanRequest,
  jsonText: (column: string, keys: string[], addParam: (v: string) => string) => string,
): { where: string; columns: string; params: (string | number)[]; whereParams: (string | number)[] } {
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
  const label = `CASE WHEN e.type = 'track' THEN e.event WHEN e.type IN ('page', 'screen') THEN e.name END`;
  const labelCode = q.labels.length === 0 ? `CASE WHEN ${label} IS NULL THEN -2 ELSE -1 END` : `CASE WHEN ${label} IS NULL THEN -2 ${q.labels.map((l, i) => `WHEN ${label} = ${add(l)} THEN ${i}`).join(' ')} ELSE -1 END`;
  const texts = q.paths.map((p) => {
    const { column, keys } = splitFieldPath(p);
    return jsonText(`e.${column}`, keys, (v) => add(v));
  });
  return { where: where.join(' AND '), columns: [typeCode, labelCode, ...texts].join(', '), params, whereParams };
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
