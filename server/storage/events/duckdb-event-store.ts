import fs from 'node:fs';
import path from 'node:path';
import { type DuckDBConnection, type DuckDBDataChunk, DuckDBInstance, type DuckDBPreparedStatement } from '@duckdb/node-api';
import type { ColumnsRequest, EventRecord, EventStore, EventTexts, EventTextsRequest, ProfileMerge, ScanRequest } from './event-store.ts';
import { PairTable } from './pair-table.ts';
import { analyticsColumnsDdl, AUTHORITY_REGEX, backfillSql, COLUMN_TEXTS, eventTextsSql, TYPE_CODE } from './sql-analytics.ts';
import { analyticsColumnsOf } from './analytics-columns.ts';
import { exportAll, queryEventNames, queryEvents, queryEventsOfProfiles, queryProfileEvents, queryStats, scanParts, type SqlRunner } from './sql-event-queries.ts';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS events (
    seq BIGINT NOT NULL, workspace_id VARCHAR NOT NULL, message_id VARCHAR NOT NULL, type VARCHAR NOT NULL,
    event VARCHAR, name VARCHAR, profile_id VARCHAR NOT NULL, user_id VARCHAR, anonymous_id VARCHAR,
    ts BIGINT NOT NULL, received_at BIGINT NOT NULL, properties VARCHAR NOT NULL, context VARCHAR NOT NULL,
    traits VARCHAR NOT NULL, group_id VARCHAR, previous_id VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS profile_aliases (workspace_id VARCHAR NOT NULL, from_profile VARCHAR NOT NULL, to_profile VARCHAR NOT NULL, PRIMARY KEY (workspace_id, from_profile))`,
  `CREATE TABLE IF NOT EXISTS consumer_positions (name VARCHAR PRIMARY KEY, position BIGINT NOT NULL)`,
];

/** The embedded event store: one DuckDB file, appended with DuckDB's appender (columnar, vectorised). */
export class DuckDbEventStore implements EventStore {
  readonly engine = 'duckdb' as const;
  private readonly run: SqlRunner;
  // DuckDB connections are not re-entrant: serialise work on the one connection.
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {
    this.run = (sql, params) => this.serial(() => runQuery(this.conn, sql, params));
  }

  /** Opens `events.duckdb` in the data directory (or an in-memory database for ':memory:'). */
  static async open(dataDir: string | ':memory:'): Promise<DuckDbEventStore> {
    let file = ':memory:';
    if (dataDir !== ':memory:') {
      fs.mkdirSync(dataDir, { recursive: true });
      file = path.join(dataDir, 'events.duckdb');
    }
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    for (const stmt of SCHEMA) await conn.run(stmt);
    for (const stmt of analyticsColumnsDdl()) await conn.run(stmt);
    await backfillAnalyticsColumns(conn);
    return new DuckDbEventStore(instance, conn);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async position(): Promise<number> {
    const rows = await this.run(`SELECT position FROM consumer_positions WHERE name = 'events'`, []);
    return Number(rows[0]?.position ?? 0);
  }

  apply(batch: { events: EventRecord[]; merges: ProfileMerge[]; position: number }): Promise<void> {
    return this.serial(async () => {
      await this.conn.run('BEGIN TRANSACTION');
      try {
        if (batch.events.length > 0) await this.append(batch.events);
        for (const m of batch.merges) await applyMerge(this.conn, m);
        await runQuery(this.conn, `INSERT OR REPLACE INTO consumer_positions VALUES ('events', $1)`, [batch.position]);
        await this.conn.run('COMMIT');
      } catch (err) {
        await this.conn.run('ROLLBACK');
        throw err;
      }
    });
  }

  private async append(records: EventRecord[]): Promise<void> {
    const a = await this.conn.createAppender('events');
    for (const r of records) {
      const e = r.event;
      a.appendBigInt(BigInt(r.seq));
      a.appendVarchar(r.workspaceId);
      a.appendVarchar(e.messageId);
      a.appendVarchar(e.type);
      appendNullable(a, e.event);
      appendNullable(a, e.name);
      a.appendVarchar(r.profileId);
      appendNullable(a, e.userId);
      appendNullable(a, e.anonymousId);
      a.appendBigInt(BigInt(e.timestamp));
      a.appendBigInt(BigInt(e.receivedAt));
      a.appendVarchar(JSON.stringify(e.properties));
      a.appendVarchar(JSON.stringify(e.context));
      a.appendVarchar(JSON.stringify(e.traits));
      appendNullable(a, e.groupId);
      appendNullable(a, e.previousId);
      const c = analyticsColumnsOf(e);
      appendNullable(a, c.pagePath);
      appendNullable(a, c.utmSource);
      appendNullable(a, c.utmMedium);
      appendNullable(a, c.utmCampaign);
      appendNullable(a, c.referrerHost);
      appendNullable(a, c.pageHost);
      a.appendBoolean(true);
      a.endRow();
    }
    a.flushSync();
    a.closeSync();
  }

  events: EventStore['events'] = (q) => queryEvents(this.run, q);
  profileEvents: EventStore['profileEvents'] = (q) => queryProfileEvents(this.run, q);
  stats: EventStore['stats'] = (q) => queryStats(this.run, q);
  eventNames: EventStore['eventNames'] = (w) => queryEventNames(this.run, w);
  exportEvents: EventStore['exportEvents'] = (w, onPage) => exportAll(this.run, w, onPage);
  eventsOfProfiles: EventStore['eventsOfProfiles'] = (q) => queryEventsOfProfiles(this.run, q);

  /**
   * Scans on a connection of its own inside one transaction: DuckDB's MVCC gives it a snapshot, so
   * appends go on meanwhile. Everything is turned into numbers in SQL first (profile ids into a
   * dictionary read in a few large strings), because reading long strings value by value out of
   * DuckDB costs more than the rest of the scan.
   */
  async scan(q: ScanRequest): Promise<{ position: number }> {
    const conn = await this.instance.connect();
    const id = `${process.pid}_${++scanCounter}`;
    const raw = `scan_raw_${id}`;
    const dict = `scan_profiles_${id}`;
    let pending: Promise<unknown> | undefined;
    try {
      await conn.run('BEGIN TRANSACTION');
      const pos = await runQuery(conn, `SELECT position FROM consumer_positions WHERE name = 'events'`, []);
      const { where, columns, params, whereParams, from } = scanParts(
        q,
        (column, keys, add) => `json_extract_string(${column}, ${add(jsonPointer(keys))})`,
        (column, text) => `contains(${column}, ${text})`,
        (column, keys, add) => `json_extract(${column}, ${add(jsonPointer(keys))})`,
      );
      // Events come customer by customer (ORDER BY the dense index): the state's per-customer columns are
      // then written in order instead of at random, which halves the engine's work per event; and
      // DuckDB's parallel sort delivers sooner than its streaming plan (measured at 10M events).
      // The dictionary: the stored profile ids (with their event counts, which add up to the progress
      // total), each mapped to a dense index of its canonical profile. Aliases apply to the distinct ids
      // only, and no sort: the state does not depend on the order of its rows.
      await runQuery(conn, `CREATE TEMP TABLE ${raw} AS SELECT e.profile_id AS raw, count(*) AS n FROM events e WHERE ${where} GROUP BY 1`, whereParams);
      await runQuery(
        conn,
        `CREATE TEMP TABLE ${dict} AS SELECT id, (row_number() OVER () - 1)::INTEGER AS idx FROM (SELECT DISTINCT COALESCE(a.to_profile, r.raw) AS id FROM ${raw} r LEFT JOIN profile_aliases a ON a.workspace_id = $1 AND a.from_profile = r.raw)`,
        [q.workspaceId],
      );
      const profiles: string[] = [];
      const chunks = await runQuery(conn, `SELECT idx // 20000 AS part, string_agg(id, chr(10) ORDER BY idx) AS ids FROM ${dict} GROUP BY part ORDER BY part`, []);
      for (const c of chunks) for (const id of String(c.ids).split('\n')) profiles.push(id);
      const [count] = await runQuery(conn, `SELECT COALESCE(sum(n), 0) AS n, count(*) AS ids, count(DISTINCT hash(raw)) AS hashes FROM ${raw}`, []);
      q.onTotal?.(Number(count?.n ?? 0));
      // Joining on the ids' 64-bit hashes is much cheaper than on the strings; exact only while no two ids share one.
      const byHash = Number(count?.ids ?? 0) === Number(count?.hashes ?? -1);
      const p = await conn.prepare(
        `SELECT d.idx, e.ts::DOUBLE AS ts, ${columns} FROM ${from}
          JOIN (SELECT r.raw, hash(r.raw) AS h, c.idx FROM ${raw} r LEFT JOIN profile_aliases a ON a.workspace_id = $1 AND a.from_profile = r.raw JOIN ${dict} c ON c.id = COALESCE(a.to_profile, r.raw)) d
            ON ${byHash ? 'd.h = hash(e.profile_id)' : 'd.raw = e.profile_id'}
          WHERE ${where}
          ORDER BY d.idx`,
      );
      bindAll(p, params);
      // DuckDB runs the query (its sort) on its own threads while the caller takes in the profiles.
      const streaming = p.stream();
      pending = streaming;
      q.onProfiles?.(profiles);
      const result = await streaming;
      const nPaths = q.paths.length;
      // The next chunk is on its way while this one is handed over.
      let next = result.fetchChunk();
      pending = next;
      for (;;) {
        const chunk = await next;
        if (!chunk || chunk.rowCount === 0) break;
        next = result.fetchChunk();
        pending = next;
        const length = chunk.rowCount;
        const texts: (string | null)[][] = [];
        for (let k = 0; k < nPaths; k++) texts.push(textColumn(chunk.getColumnVector(4 + k), length));
        await q.onBatch(
          {
            length,
            // Numbers straight from the vectors' memory (valid while the chunk is: onBatch runs before the next).
            profile: integers(chunk.getColumnVector(0)).subarray(0, length),
            ts: doubles(chunk.getColumnVector(1)).subarray(0, length),
            type: Uint8Array.from(integers(chunk.getColumnVector(2)).subarray(0, length)),
            label: integers(chunk.getColumnVector(3)).subarray(0, length),
            texts,
          },
          profiles,
        );
      }
      pending = undefined;
      await conn.run('COMMIT');
      return { position: Number(pos[0]?.position ?? 0) };
    } finally {
      await pending?.catch(() => undefined);
      for (const table of [dict, raw]) {
        try {
          await conn.run(`DROP TABLE IF EXISTS ${table}`);
        } catch {
          // the connection is closed next; a temp table dies with it
        }
      }
      conn.closeSync();
    }
  }

  /**
   * The analytics engine's columns, on a connection of its own in one transaction (a snapshot, appends
   * go on). Only numbers cross into JS, straight from the vectors' memory: every text (and the
   * canonical profile id) as the two halves of its 64-bit hash, which JS turns into a dense code
   * through a dictionary of the distinct texts read first. Two texts with one hash would be caught there.
   */
  async columns(q: ColumnsRequest): Promise<{ position: number }> {
    const conn = await this.instance.connect();
    const customers = `ac_customers_${process.pid}_${++scanCounter}`;
    const hashHalves = (x: string) => `CASE WHEN ${x} IS NULL THEN -1 ELSE (hash(${x}) >> 33)::INTEGER END, CASE WHEN ${x} IS NULL THEN 0 ELSE (hash(${x}) & 2147483647)::INTEGER END`;
    try {
      await conn.run('BEGIN TRANSACTION');
      const pos = await runQuery(conn, `SELECT position FROM consumer_positions WHERE name = 'events'`, []);
      await runQuery(
        conn,
        `CREATE TEMP TABLE ${customers} AS SELECT id, (row_number() OVER () - 1)::INTEGER AS idx, n FROM (
          SELECT COALESCE(a.to_profile, r.raw) AS id, sum(r.n)::INTEGER AS n
          FROM (SELECT profile_id AS raw, count(*) AS n FROM events WHERE workspace_id = $1 GROUP BY 1) r
          LEFT JOIN profile_aliases a ON a.workspace_id = $1 AND a.from_profile = r.raw GROUP BY 1)`,
        [q.workspaceId],
      );
      const profiles: string[] = [];
      for (const c of await runQuery(conn, `SELECT idx // 20000 AS part, string_agg(id, chr(10) ORDER BY idx) AS ids FROM ${customers} GROUP BY part ORDER BY part`, [])) {
        for (const pid of String(c.ids).split('\n')) profiles.push(pid);
      }
      const counts = new Int32Array(profiles.length);
      const customerOf = new PairTable(profiles.length);
      await readChunks(conn, `SELECT idx, n, ${hashHalves('id')} FROM ${customers}`, (chunk) => {
        const idx = integers(chunk.getColumnVector(0));
        const n = integers(chunk.getColumnVector(1));
        const hi = integers(chunk.getColumnVector(2));
        const lo = integers(chunk.getColumnVector(3));
        for (let i = 0; i < chunk.rowCount; i++) {
          counts[idx[i] as number] = n[i] as number;
          if (!customerOf.set(hi[i] as number, lo[i] as number, idx[i] as number)) throw new Error('two profile ids share a 64-bit hash');
        }
      });
      q.onCustomers(profiles, counts);

      // The dictionary: every distinct text of the coded columns, with its hash.
      const where = `e.workspace_id = $1`;
      const distinct = COLUMN_TEXTS.map((t) => `SELECT DISTINCT ${t} AS v FROM events e WHERE ${where}`).join(' UNION ');
      const dictionary: string[] = [];
      const dictRows = await runQuery(conn, `SELECT v, ${hashHalves('v')} FROM (${distinct}) WHERE v IS NOT NULL`, [q.workspaceId]);
      const codes = new PairTable(Math.max(1024, dictRows.length));
      for (const row of dictRows) {
        const values = Object.values(row);
        const code = dictionary.push(String(values[0])) - 1;
        if (!codes.set(Number(values[1]), Number(values[2]), code)) throw new Error('two texts share a 64-bit hash');
      }
      const p = await conn.prepare(
        `SELECT ${hashHalves('COALESCE(a.to_profile, e.profile_id)')}, e.ts::DOUBLE, e.seq::DOUBLE, (${TYPE_CODE})::INTEGER, ${COLUMN_TEXTS.map(hashHalves).join(', ')}
          FROM events e LEFT JOIN profile_aliases a ON a.workspace_id = e.workspace_id AND a.from_profile = e.profile_id WHERE ${where}`,
      );
      p.bindVarchar(1, q.workspaceId);
      const result = await p.stream();
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const n = chunk.rowCount;
        const coded = (k: number) => {
          const hi = integers(chunk.getColumnVector(k));
          const lo = integers(chunk.getColumnVector(k + 1));
          const out = new Int32Array(n);
          for (let i = 0; i < n; i++) out[i] = (hi[i] as number) < 0 ? -1 : codes.get(hi[i] as number, lo[i] as number);
          return out;
        };
        const customerHi = integers(chunk.getColumnVector(0));
        const customerLo = integers(chunk.getColumnVector(1));
        const customer = new Int32Array(n);
        for (let i = 0; i < n; i++) customer[i] = customerOf.get(customerHi[i] as number, customerLo[i] as number);
        await q.onBatch(
          {
            length: n,
            customer,
            ts: doubles(chunk.getColumnVector(2)).slice(),
            seq: doubles(chunk.getColumnVector(3)).slice(),
            type: Uint8Array.from(integers(chunk.getColumnVector(4))),
            name: coded(5),
            path: coded(7),
            utmSource: coded(9),
            utmMedium: coded(11),
            utmCampaign: coded(13),
            referrerHost: coded(15),
            pageHost: coded(17),
          },
          dictionary,
        );
      }
      await conn.run('COMMIT');
      return { position: Number(pos[0]?.position ?? 0) };
    } finally {
      try {
        await conn.run(`DROP TABLE IF EXISTS ${customers}`);
      } catch {
        // the connection is closed next; a temp table dies with it
      }
      conn.closeSync();
    }
  }

  /** Field values of the events a query may match (see EventStore.eventTexts). */
  async eventTexts(q: EventTextsRequest): Promise<EventTexts> {
    const { sql, params } = eventTextsSql({ jsonText: (column, keys, a) => `json_extract_string(${column}, ${a(jsonPointer(keys))})`, authority: (url) => url }, q);
    return this.serial(async () => {
      const p = await this.conn.prepare(sql);
      bindAll(p, params);
      const result = await p.stream();
      const out: EventTexts = { profile: [], ts: new Float64Array(0), seq: new Float64Array(0), texts: q.paths.map(() => []) };
      const ts: Float64Array[] = [];
      const seq: Float64Array[] = [];
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const n = chunk.rowCount;
        for (const id of textColumn(chunk.getColumnVector(0), n)) out.profile.push(id ?? '');
        ts.push(doubles(chunk.getColumnVector(1)).slice());
        seq.push(doubles(chunk.getColumnVector(2)).slice());
        q.paths.forEach((_, k) => {
          const target = out.texts[k] as (string | null)[];
          for (const v of textColumn(chunk.getColumnVector(3 + k), n)) target.push(v);
        });
      }
      out.ts = concatDoubles(ts);
      out.seq = concatDoubles(seq);
      return out;
    });
  }

  /** Writes all events of a workspace to a Parquet file with DuckDB's own writer. */
  async exportParquet(workspaceId: string, file: string): Promise<void> {
    await this.serial(async () => {
      const p = await this.conn.prepare(
        `COPY (SELECT e.* EXCLUDE (profile_id, page_path, utm_source, utm_medium, utm_campaign, referrer_host, page_host, analytics_ready), COALESCE(a.to_profile, e.profile_id) AS profile_id FROM events e
          LEFT JOIN profile_aliases a ON a.workspace_id = e.workspace_id AND a.from_profile = e.profile_id
          WHERE e.workspace_id = $1 ORDER BY e.seq) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`,
      );
      p.bindVarchar(1, workspaceId);
      await p.run();
    });
  }

  /**
   * Converts an NDJSON export (EventRow lines from another store) to Parquet with the same columns and
   * types as `exportParquet`, so a Parquet export looks the same whichever engine stored the events.
   */
  async copyJsonToParquet(ndjsonFile: string, parquetFile: string, workspaceId: string): Promise<void> {
    const q = (f: string) => `'${f.replaceAll("'", "''")}'`;
    const columns = `{seq: 'BIGINT', messageId: 'VARCHAR', type: 'VARCHAR', event: 'VARCHAR', name: 'VARCHAR', profileId: 'VARCHAR', userId: 'VARCHAR', anonymousId: 'VARCHAR',
      "timestamp": 'BIGINT', receivedAt: 'BIGINT', properties: 'JSON', context: 'JSON', traits: 'JSON', groupId: 'VARCHAR', previousId: 'VARCHAR'}`;
    await this.serial(async () => {
      const p = await this.conn.prepare(
        `COPY (SELECT seq, $1 AS workspace_id, messageId AS message_id, type, event, name, userId AS user_id, anonymousId AS anonymous_id, "timestamp" AS ts,
            receivedAt AS received_at, CAST(properties AS VARCHAR) AS properties, CAST(context AS VARCHAR) AS context, CAST(traits AS VARCHAR) AS traits,
            groupId AS group_id, previousId AS previous_id, profileId AS profile_id
          FROM read_json(${q(ndjsonFile)}, format = 'newline_delimited', columns = ${columns}) ORDER BY seq) TO ${q(parquetFile)} (FORMAT parquet)`,
      );
      p.bindVarchar(1, workspaceId);
      await p.run();
    });
  }

  async close(): Promise<void> {
    await this.queue;
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

let scanCounter = 0;

type Vector = ReturnType<DuckDBDataChunk['getColumnVector']>;

/**
 * Fills the analytics columns of rows stored before they existed (once, on the first open after an
 * upgrade; a no-op afterwards). Generated benchmark data comes through here too.
 */
export async function backfillAnalyticsColumns(conn: DuckDBConnection): Promise<void> {
  const [missing] = await runQuery(conn, `SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE analytics_ready IS NULL LIMIT 1)`, []);
  if (Number(missing?.n ?? 0) === 0) return;
  const { sql, params } = backfillSql({ jsonText: (column, keys, a) => `json_extract_string(${column}, ${a(jsonPointer(keys))})`, authority: (url) => `regexp_extract(${url}, '${AUTHORITY_REGEX}', 1)` });
  await runQuery(conn, sql, params);
}

/** Streams a query's chunks to `onChunk`. */
async function readChunks(conn: DuckDBConnection, sql: string, onChunk: (chunk: DuckDBDataChunk) => void): Promise<void> {
  const result = await conn.stream(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    onChunk(chunk);
  }
}

/** An INTEGER column's values as they sit in the vector (no NULLs: the SQL coalesces them). */
function integers(v: Vector): Int32Array {
  const items = (v as unknown as { items?: unknown }).items;
  if (items instanceof Int32Array) return items;
  return numberColumn(v, new Int32Array(v.itemCount));
}

/** A DOUBLE column's values as they sit in the vector. */
function doubles(v: Vector): Float64Array {
  const items = (v as unknown as { items?: unknown }).items;
  if (items instanceof Float64Array) return items;
  return numberColumn(v, new Float64Array(v.itemCount));
}

function concatDoubles(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A numeric column of a chunk into `out`. */
function numberColumn<A extends Int32Array | Float64Array | Uint8Array>(v: Vector, out: A): A {
  for (let i = 0; i < out.length; i++) out[i] = Number(v.getItem(i));
  return out;
}

/** A text column of a chunk; mostly NULL in a scan (fields are extracted only where they can matter). */
function textColumn(v: Vector, length: number): (string | null)[] {
  const out = new Array<string | null>(length).fill(null);
  const valid = validityBits(v);
  for (let i = 0; i < length; i++) {
    if (valid && ((valid[i >>> 5] ?? 0) & (1 << (i & 31))) === 0) continue;
    const x = v.getItem(i);
    if (x !== null) out[i] = String(x);
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The validity mask of a vector as 32-bit words (bit i set: row i is not NULL), read from the client's
 * vector object: its own per-row check works on BigInts and costs more than the rest of a mostly-NULL
 * column. Undefined (check row by row) when the client keeps it some other way.
 */
function validityBits(v: Vector): Uint32Array | undefined {
  const validity = (v as unknown as { validity?: { data?: unknown; offset?: unknown } }).validity;
  if (!LITTLE_ENDIAN || !validity || validity.offset !== 0 || !(validity.data instanceof BigUint64Array)) return undefined;
  return new Uint32Array(validity.data.buffer, validity.data.byteOffset, validity.data.length * 2);
}

/** A JSON pointer (RFC 6901) for DuckDB's JSON functions: keys may hold dots, spaces or slashes. */
function jsonPointer(keys: string[]): string {
  return keys.map((k) => `/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;
function appendNullable(a: Appender, v: string | null): void {
  if (v === null) a.appendNull();
  else a.appendVarchar(v);
}

/** Points the merged profile, and every profile already merged into it, at the survivor. */
async function applyMerge(conn: DuckDBConnection, m: ProfileMerge): Promise<void> {
  await runQuery(conn, `UPDATE profile_aliases SET to_profile = $3 WHERE workspace_id = $1 AND to_profile = $2`, [m.workspaceId, m.fromProfile, m.toProfile]);
  await runQuery(conn, `INSERT OR REPLACE INTO profile_aliases VALUES ($1, $2, $3)`, [m.workspaceId, m.fromProfile, m.toProfile]);
}

async function runQuery(conn: DuckDBConnection, sql: string, params: readonly (string | number | null)[]): Promise<Record<string, unknown>[]> {
  let reader;
  if (params.length === 0) {
    reader = await conn.runAndReadAll(sql);
  } else {
    const p = await conn.prepare(sql);
    bindAll(p, params);
    reader = await p.runAndReadAll();
  }
  return reader.getRowObjects().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
    return out;
  });
}

function bindAll(p: DuckDBPreparedStatement, params: readonly (string | number | null)[]): void {
  params.forEach((v, i) => {
    const idx = i + 1;
    if (v === null) p.bindNull(idx);
    else if (typeof v === 'string') p.bindVarchar(idx, v);
    else if (Number.isInteger(v)) p.bindBigInt(idx, BigInt(v));
    else p.bindDouble(idx, v);
  });
}
