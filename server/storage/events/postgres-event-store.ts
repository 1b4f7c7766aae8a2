import pg from 'pg';
import { searchPathOption } from '../pg-schema.ts';
import type { ColumnsRequest, EventRecord, EventStore, EventTexts, EventTextsRequest, ProfileMerge, ScanRequest } from './event-store.ts';
import { analyticsColumnsOf } from './analytics-columns.ts';
import { analyticsColumnsDdl, AUTHORITY_REGEX, backfillSql, COLUMN_TEXTS, eventTextsSql, TYPE_CODE } from './sql-analytics.ts';
import { ALIAS_JOIN, CANONICAL_PROFILE, EVENTS_WITH_ALIASES, exportAll, queryEventNames, queryEvents, queryEventsOfProfiles, queryProfileEvents, queryStats, scanParts, type SqlRunner } from './sql-event-queries.ts';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS events (
    seq BIGINT NOT NULL, workspace_id TEXT NOT NULL, message_id TEXT NOT NULL, type TEXT NOT NULL,
    event TEXT, name TEXT, profile_id TEXT NOT NULL, user_id TEXT, anonymous_id TEXT,
    ts BIGINT NOT NULL, received_at BIGINT NOT NULL, properties TEXT NOT NULL, context TEXT NOT NULL,
    traits TEXT NOT NULL, group_id TEXT, previous_id TEXT)`,
  `CREATE INDEX IF NOT EXISTS events_ws_ts ON events (workspace_id, ts)`,
  `CREATE INDEX IF NOT EXISTS events_ws_seq ON events (workspace_id, seq)`,
  `CREATE INDEX IF NOT EXISTS events_profile ON events (workspace_id, profile_id, ts)`,
  `CREATE TABLE IF NOT EXISTS profile_aliases (workspace_id TEXT NOT NULL, from_profile TEXT NOT NULL, to_profile TEXT NOT NULL, PRIMARY KEY (workspace_id, from_profile))`,
  `CREATE TABLE IF NOT EXISTS event_positions (name TEXT PRIMARY KEY, position BIGINT NOT NULL)`,
];

/**
 * Runs `fn` inside one REPEATABLE READ, read-only transaction (a snapshot appends do not disturb) and
 * answers the event position that snapshot holds with its result.
 */
async function inSnapshot<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<{ position: number; value: T }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const pos = await client.query(`SELECT position FROM event_positions WHERE name = 'events'`);
    const value = await fn(client);
    await client.query('COMMIT');
    return { position: Number(pos.rows[0]?.position ?? 0), value };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** A JSON path as a text[] parameter. */
function pgPath(keys: string[], add: (v: string) => string): string {
  return `${add(`{${keys.map(pgArrayItem).join(',')}}`)}::text[]`;
}

/** A JSON field of a text column, as text (NULL when absent). */
function pgJsonText(column: string, keys: string[], add: (v: string) => string): string {
  return `(${column}::jsonb #>> ${pgPath(keys, add)})`;
}

/** One element of a PostgreSQL text[] literal, quoted so keys may hold commas, braces or quotes. */
function pgArrayItem(key: string): string {
  return `"${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** The server-mode event store: PostgreSQL tables next to the state store, same SQL as DuckDB. */
export class PostgresEventStore implements EventStore {
  readonly engine = 'postgres' as const;
  private readonly run: SqlRunner;

  private constructor(private readonly pool: pg.Pool) {
    this.run = async (sql, params) => (await pool.query(sql, params as unknown[])).rows as Record<string, unknown>[];
  }

  static async open(opts: { databaseUrl: string; schema?: string }): Promise<PostgresEventStore> {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 5, ...searchPathOption(opts.schema) });
    if (opts.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
    for (const stmt of SCHEMA) await pool.query(stmt);
    for (const stmt of analyticsColumnsDdl()) await pool.query(stmt);
    // Rows stored before the analytics columns existed get them once (a no-op afterwards).
    const backfill = backfillSql({ jsonText: pgJsonText, authority: (url) => `substring(${url} from '${AUTHORITY_REGEX}')` });
    await pool.query(backfill.sql, backfill.params);
    return new PostgresEventStore(pool);
  }

  async position(): Promise<number> {
    const rows = await this.run(`SELECT position FROM event_positions WHERE name = 'events'`, []);
    return Number(rows[0]?.position ?? 0);
  }

  async apply(batch: { events: EventRecord[]; merges: ProfileMerge[]; position: number }): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (batch.events.length > 0) {
        const cols: unknown[][] = Array.from({ length: 22 }, () => []);
        for (const r of batch.events) {
          const e = r.event;
          const c = analyticsColumnsOf(e);
          const values = [r.seq, r.workspaceId, e.messageId, e.type, e.event, e.name, r.profileId, e.userId, e.anonymousId, e.timestamp, e.receivedAt, JSON.stringify(e.properties), JSON.stringify(e.context), JSON.stringify(e.traits), e.groupId, e.previousId];
          values.push(c.pagePath, c.utmSource, c.utmMedium, c.utmCampaign, c.referrerHost, c.pageHost);
          values.forEach((v, i) => cols[i]?.push(v));
        }
        await client.query(
          `INSERT INTO events (seq, workspace_id, message_id, type, event, name, profile_id, user_id, anonymous_id, ts, received_at, properties, context, traits, group_id, previous_id,
              page_path, utm_source, utm_medium, utm_campaign, referrer_host, page_host, analytics_ready)
            SELECT *, TRUE FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
            $10::bigint[], $11::bigint[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[])`,
          cols,
        );
      }
      for (const m of batch.merges) {
        await client.query(`UPDATE profile_aliases SET to_profile = $3 WHERE workspace_id = $1 AND to_profile = $2`, [m.workspaceId, m.fromProfile, m.toProfile]);
        await client.query(
          `INSERT INTO profile_aliases VALUES ($1, $2, $3) ON CONFLICT (workspace_id, from_profile) DO UPDATE SET to_profile = EXCLUDED.to_profile`,
          [m.workspaceId, m.fromProfile, m.toProfile],
        );
      }
      await client.query(`INSERT INTO event_positions VALUES ('events', $1) ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`, [batch.position]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  }

  events: EventStore['events'] = (q) => queryEvents(this.run, q);
  profileEvents: EventStore['profileEvents'] = (q) => queryProfileEvents(this.run, q);
  stats: EventStore['stats'] = (q) => queryStats(this.run, q);
  eventNames: EventStore['eventNames'] = (w) => queryEventNames(this.run, w);
  exportEvents: EventStore['exportEvents'] = (w, onPage) => exportAll(this.run, w, onPage);
  eventsOfProfiles: EventStore['eventsOfProfiles'] = (q) => queryEventsOfProfiles(this.run, q);

  /** Scans through a cursor in a REPEATABLE READ transaction: one snapshot, appends go on meanwhile. */
  async scan(q: ScanRequest): Promise<{ position: number }> {
    const { position } = await inSnapshot(this.pool, async (client) => {
      const { where, columns, params, whereParams, from } = scanParts(
        q,
        pgJsonText,
        undefined,
        (column, keys, add) => `(${column}::jsonb #> ${pgPath(keys, add)})`,
      );
      const count = await client.query(`SELECT COUNT(*) AS n FROM ${EVENTS_WITH_ALIASES} WHERE ${where}`, whereParams);
      q.onTotal?.(Number(count.rows[0]?.n ?? 0));
      await client.query(`DECLARE journey_scan NO SCROLL CURSOR FOR SELECT ${CANONICAL_PROFILE} AS profile, e.ts, ${columns} FROM ${from} ${ALIAS_JOIN} WHERE ${where}`, params);
      const profiles: string[] = [];
      const index = new Map<string, number>();
      const nPaths = q.paths.length;
      for (;;) {
        const res = await client.query({ text: 'FETCH 5000 FROM journey_scan', rowMode: 'array' });
        const rows = res.rows as unknown[][];
        if (rows.length === 0) break;
        const length = rows.length;
        const batch = { length, profile: new Int32Array(length), ts: new Float64Array(length), type: new Uint8Array(length), label: new Int32Array(length), texts: Array.from({ length: nPaths }, () => new Array<string | null>(length)) };
        rows.forEach((r, i) => {
          const id = String(r[0]);
          let p = index.get(id);
          if (p === undefined) {
            p = profiles.push(id) - 1;
            index.set(id, p);
          }
          batch.profile[i] = p;
          batch.ts[i] = Number(r[1]);
          batch.type[i] = Number(r[2]);
          batch.label[i] = Number(r[3]);
          for (let k = 0; k < nPaths; k++) (batch.texts[k] as (string | null)[])[i] = (r[4 + k] as string | null) ?? null;
        });
        await q.onBatch(batch, profiles);
      }
    });
    return { position };
  }

  /**
   * The analytics engine's columns from a REPEATABLE READ snapshot through a cursor; texts are coded
   * here as they arrive (PostgreSQL hands strings over cheaply).
   */
  async columns(q: ColumnsRequest): Promise<{ position: number }> {
    const { position } = await inSnapshot(this.pool, async (client) => {
      const counted = await client.query({
        text: `SELECT ${CANONICAL_PROFILE} AS id, count(*)::int AS n FROM ${EVENTS_WITH_ALIASES} WHERE e.workspace_id = $1 GROUP BY 1`,
        values: [q.workspaceId],
        rowMode: 'array',
    });
    const rows = counted.rows as [string, number][];
    const index = new Map<string, number>();
    const profiles = rows.map(([id], i) => {
      index.set(id, i);
      return id;
    });
    q.onCustomers(profiles, Int32Array.from(rows, ([, n]) => n));
    await client.query(`DECLARE analytics_columns NO SCROLL CURSOR FOR SELECT ${CANONICAL_PROFILE} AS profile, e.ts, e.seq, ${TYPE_CODE} AS type, ${COLUMN_TEXTS.join(', ')} FROM ${EVENTS_WITH_ALIASES} WHERE e.workspace_id = $1`, [
      q.workspaceId,
    ]);
    const strings: string[] = [];
    const codes = new Map<string, number>();
    const code = (v: unknown) => {
      if (v === null || v === undefined) return -1;
      const text = String(v);
      let c = codes.get(text);
      if (c === undefined) {
        c = strings.push(text) - 1;
        codes.set(text, c);
      }
      return c;
    };
    for (;;) {
      const res = await client.query({ text: 'FETCH 5000 FROM analytics_columns', rowMode: 'array' });
      const batch = res.rows as unknown[][];
      if (batch.length === 0) break;
      const length = batch.length;
      const column = (k: number) => Int32Array.from(batch, (r) => code(r[k]));
      await q.onBatch(
        {
          length,
          customer: Int32Array.from(batch, (r) => index.get(String(r[0])) ?? -1),
          ts: Float64Array.from(batch, (r) => Number(r[1])),
          seq: Float64Array.from(batch, (r) => Number(r[2])),
          type: Uint8Array.from(batch, (r) => Number(r[3])),
          name: column(4),
          path: column(5),
          utmSource: column(6),
          utmMedium: column(7),
          utmCampaign: column(8),
          referrerHost: column(9),
          pageHost: column(10),
        },
        strings,
      );
    }
    });
    return { position };
  }

  /** Field values of the events a query may match (see EventStore.eventTexts). */
  async eventTexts(q: EventTextsRequest): Promise<EventTexts> {
    const { sql, params } = eventTextsSql({ jsonText: pgJsonText, authority: (url) => url }, q);
    const res = await this.pool.query({ text: sql, values: params, rowMode: 'array' });
    const rows = res.rows as unknown[][];
    return {
      profile: rows.map((r) => String(r[0])),
      ts: Float64Array.from(rows, (r) => Number(r[1])),
      seq: Float64Array.from(rows, (r) => Number(r[2])),
      texts: q.paths.map((_, k) => rows.map((r) => (r[3 + k] === null || r[3 + k] === undefined ? null : String(r[3 + k])))),
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
