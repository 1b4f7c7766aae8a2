/**
 * Analytics benchmark (`npm run bench -- analytics`): the explorer's engine against naive DuckDB SQL on
 * the same seeded data (bench/journey-data.ts: 1M customers / 10M events by default, `--large` for
 * 10M / 100M), each answer checked against the other (a mismatch fails the run).
 *
 * 1. build — the engine's first build of the customer-clustered columns from the store (once; then kept
 *    current from the pipeline).
 * 2. funnel — page view → Product Viewed → Order Completed within 14 days, ordered (windowFunnel
 *    semantics). Baseline: the self-join a developer writes (steps joined per customer in order within
 *    the window), counting customers per level.
 * 3. retention — first-time weekly cohorts of page views, 8 periods. Baseline: first page view per
 *    customer joined back to their page views (the cohort self-join), grouped by week distance.
 * 4. paths — forward from the first Product Added, 5 steps, repeats collapsed. Baseline: lag() to collapse
 *    and lead() for the next labels over the customer's events, grouped per depth and label.
 *
 * Each query: the median of `--runs` after a warm-up, in process, next to its baseline's median; one JSON
 * line `{"name":"funnel","events":…,"ms":…,"baselineMs":…,"rssMb":…}` (rssMb: the process's resident
 * memory after the query, engine and columns included).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { FunnelQuery, type FunnelResult } from '../common/analytics/funnel.ts';
import { PathsQuery, type PathsResult } from '../common/analytics/paths.ts';
import { RetentionQuery, type RetentionResult } from '../common/analytics/retention.ts';
import { AnalyticsService } from '../server/features/analytics/analytics.service.ts';
import { DuckDbEventStore } from '../server/storage/events/duckdb-event-store.ts';
import { fmt, log, median, positiveInt, round, rssMb } from './bench-utils.ts';
import { PERIOD_DAYS } from './journey-data.ts';
import { prepareData } from './journey.bench.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const say = (s: string) => process.stderr.write(`[analytics] ${s}\n`);

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string' },
      events: { type: 'string' },
      /** 10M customers, 100M events (the large figure). */
      large: { type: 'boolean', default: false },
      seed: { type: 'string', default: '42' },
      runs: { type: 'string', default: '5' },
      /** Use (and keep) this data directory: generated once, reused while its parameters match. */
      data: { type: 'string' },
      /** Which queries: funnel, retention, paths (comma-separated). */
      only: { type: 'string', default: 'funnel,retention,paths' },
    },
  });
  const customers = positiveInt(values.customers ?? (values.large ? '10000000' : '1000000'), 'customers');
  const events = positiveInt(values.events ?? (values.large ? '100000000' : '10000000'), 'events');
  const seed = positiveInt(values.seed, 'seed');
  const runs = positiveInt(values.runs, 'runs');
  const only = new Set(values.only.split(','));
  const dir = values.data ? path.resolve(values.data) : fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-bench-analytics-'));
  const period = { from: START, to: START + PERIOD_DAYS * DAY };
  const problems: string[] = [];
  try {
    const { workspaceId } = await prepareData(dir, { customers, events, seed });
    const funnelQ = FunnelQuery.parse({ ...period, steps: [{ type: 'page' }, { event: 'Product Viewed' }, { event: 'Order Completed' }], windowMs: 14 * DAY });
    const retentionQ = RetentionQuery.parse({ ...period, start: { type: 'page' }, interval: 'week', periods: 8 });
    const pathsQ = PathsQuery.parse({ ...period, start: { event: 'Product Added' }, depth: 5 });

    // Baselines first, on their own DuckDB instance (closed before the engine opens the file).
    const baseline = await baselines(path.join(dir, 'events.duckdb'), workspaceId, { funnel: funnelQ, retention: retentionQ, paths: pathsQ }, runs, only);

    const store = await DuckDbEventStore.open(dir);
    try {
      const analytics = new AnalyticsService({ events: store });
      const t = performance.now();
      const columns = await analytics.columns(workspaceId);
      const buildSeconds = (performance.now() - t) / 1000;
      const n = columns.ts.length;
      log({ name: 'build', events: n, customers: columns.profileIds.length, seconds: round(buildSeconds), rssMb: Math.round(rssMb('self', 'VmRSS')), peakRssMb: Math.round(rssMb('self', 'VmHWM')) });
      say(`engine built over ${fmt(n)} events of ${fmt(columns.profileIds.length)} customers in ${buildSeconds.toFixed(1)} s, RSS ${Math.round(rssMb('self', 'VmRSS'))} MB`);

      const measure = async <T>(name: string, target: number, fn: () => Promise<T>, check: (r: T) => string | null) => {
        const first = await fn();
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const s = performance.now();
          await fn();
          times.push(performance.now() - s);
        }
        const problem = check(first);
        if (problem) problems.push(`${name}: ${problem}`);
        const ms = median(times);
        const baselineMs = baseline.ms[name] ?? NaN;
        log({ name, events: n, ms: round(ms), baselineMs: round(baselineMs), speedup: round(baselineMs / ms), rssMb: Math.round(rssMb('self', 'VmRSS')), matchesBaseline: problem === null, target });
        say(`${name}: ${ms.toFixed(1)} ms (median of ${runs}), naive SQL ${baselineMs.toFixed(0)} ms, ${(baselineMs / ms).toFixed(1)}× faster`);
      };
      if (only.has('funnel')) {
        await measure('funnel', values.large ? 3000 : 300, () => analytics.funnel(workspaceId, funnelQ), (r: FunnelResult) => {
          const got = r.steps.map((s) => s.count);
          return JSON.stringify(got) === JSON.stringify(baseline.funnel) ? null : `engine ${JSON.stringify(got)}, SQL ${JSON.stringify(baseline.funnel)}`;
        });
      }
      if (only.has('retention')) {
        await measure('retention', 500, () => analytics.retention(workspaceId, retentionQ), (r: RetentionResult) => {
          const got = r.cohorts.filter((c) => c.size > 0).map((c) => [c.size, ...c.values.slice(1).map((v) => v ?? 0)]);
          return JSON.stringify(got) === JSON.stringify(baseline.retention) ? null : `engine ${JSON.stringify(got).slice(0, 300)}, SQL ${JSON.stringify(baseline.retention).slice(0, 300)}`;
        });
      }
      if (only.has('paths')) {
        await measure('paths', 1000, () => analytics.paths(workspaceId, pathsQ), (r: PathsResult) => {
          const got = r.nodes.filter((x) => x.depth === 1).map((x) => [x.label, x.count]).sort(byLabel);
          return JSON.stringify(got) === JSON.stringify(baseline.paths) ? null : `engine ${JSON.stringify(got).slice(0, 300)}, SQL ${JSON.stringify(baseline.paths).slice(0, 300)}`;
        });
      }
    } finally {
      await store.close();
    }
  } finally {
    if (!values.data) fs.rmSync(dir, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`\n!!! MISMATCH: ${p}\n`);
    process.exitCode = 1;
  }
}

const byLabel = (a: (string | number)[], b: (string | number)[]) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0);

/** The events a baseline reads: canonical customer, time, store order, type, label and page path, in the period. */
function eventsCte(workspaceId: string, period: { from: number; to: number }): string {
  return `ev AS (
    SELECT COALESCE(a.to_profile, e.profile_id) AS p, e.ts, e.seq, e.type, e.page_path,
      CASE WHEN e.type = 'track' THEN e.event WHEN e.type IN ('page', 'screen') THEN e.name END AS label
    FROM events e LEFT JOIN profile_aliases a ON a.workspace_id = e.workspace_id AND a.from_profile = e.profile_id
    WHERE e.workspace_id = '${workspaceId.replaceAll("'", "''")}' AND e.ts >= ${period.from} AND e.ts < ${period.to}
      AND (e.event IS NULL OR e.event <> 'Journey Stage Entered'))`;
}

/** The same answers by naive SQL, timed (median of `runs`), on a DuckDB instance of their own. */
async function baselines(
  file: string,
  workspaceId: string,
  q: { funnel: FunnelQuery; retention: RetentionQuery; paths: PathsQuery },
  runs: number,
  only: Set<string>,
): Promise<{ ms: Record<string, number>; funnel: number[]; retention: number[][]; paths: (string | number)[][] }> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  const timed = async (sql: string) => {
    let rows: Record<string, unknown>[] = [];
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      rows = (await conn.runAndReadAll(sql)).getRowObjects().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
      if (i > 0) times.push(performance.now() - t);
    }
    return { rows, ms: median(times) };
  };
  const out = { ms: {} as Record<string, number>, funnel: [] as number[], retention: [] as number[][], paths: [] as (string | number)[][] };
  try {
    if (only.has('funnel')) {
      const w = q.funnel.windowMs;
      // A sequence must use three events in (ts, seq) order, the last within the window of the first.
      const sql = `WITH ${eventsCte(workspaceId, q.funnel)},
        s1 AS (SELECT p, ts, seq FROM ev WHERE type = 'page'),
        s2 AS (SELECT p, ts, seq FROM ev WHERE type = 'track' AND label = 'Product Viewed'),
        s3 AS (SELECT p, ts, seq FROM ev WHERE type = 'track' AND label = 'Order Completed')
        SELECT
          (SELECT count(DISTINCT p) FROM s1) AS c1,
          (SELECT count(DISTINCT s1.p) FROM s1 JOIN s2 ON s2.p = s1.p AND (s2.ts > s1.ts OR (s2.ts = s1.ts AND s2.seq > s1.seq)) AND s2.ts - s1.ts <= ${w}) AS c2,
          (SELECT count(DISTINCT s1.p) FROM s1 JOIN s2 ON s2.p = s1.p AND (s2.ts > s1.ts OR (s2.ts = s1.ts AND s2.seq > s1.seq)) AND s2.ts - s1.ts <= ${w}
             JOIN s3 ON s3.p = s1.p AND (s3.ts > s2.ts OR (s3.ts = s2.ts AND s3.seq > s2.seq)) AND s3.ts - s1.ts <= ${w}) AS c3`;
      const r = await timed(sql);
      out.ms.funnel = r.ms;
      const row = r.rows[0] ?? {};
      out.funnel = [Number(row.c1), Number(row.c2), Number(row.c3)];
      say(`baseline funnel: ${r.ms.toFixed(0)} ms`);
    }
    if (only.has('retention')) {
      // First page view ever (the period starts with the data), its ISO week (UTC), then page views in later weeks.
      const sql = `WITH ${eventsCte(workspaceId, { from: -1e15, to: q.retention.to })},
        pv AS (SELECT p, ts, date_trunc('week', make_timestamp(ts * 1000)) AS wk FROM ev WHERE type = 'page'),
        firsts AS (SELECT p, min(ts) AS f FROM pv GROUP BY p),
        cohort AS (SELECT f.p, date_trunc('week', make_timestamp(f.f * 1000)) AS wk FROM firsts f WHERE f.f >= ${q.retention.from} AND f.f < ${q.retention.to}),
        back AS (SELECT DISTINCT c.p, c.wk, datediff('week', c.wk, pv.wk) AS k FROM cohort c JOIN pv ON pv.p = c.p AND pv.wk > c.wk)
        SELECT c.wk, count(*) AS size, ${Array.from({ length: q.retention.periods }, (_, i) => `(SELECT count(*) FROM back b WHERE b.wk = c.wk AND b.k = ${i + 1}) AS r${i + 1}`).join(', ')}
        FROM cohort c GROUP BY c.wk ORDER BY c.wk`;
      const r = await timed(sql);
      out.ms.retention = r.ms;
      out.retention = r.rows.map((row) => [Number(row.size), ...Array.from({ length: q.retention.periods }, (_, i) => Number(row[`r${i + 1}`]))]);
      say(`baseline retention: ${r.ms.toFixed(0)} ms`);
    }
    if (only.has('paths')) {
      // Labels as paths label them; repeats collapsed with lag(); the first anchor; lead() for what follows.
      const sql = `WITH ${eventsCte(workspaceId, q.paths)},
        lab AS (SELECT p, ts, seq, label AS name, CASE type WHEN 'page' THEN COALESCE(page_path, label, '(page)') WHEN 'screen' THEN COALESCE(label, '(screen)') ELSE COALESCE(label, '(event)') END AS l
                FROM ev WHERE type IN ('track', 'page', 'screen')),
        collapsed AS (SELECT * FROM (SELECT *, lag(l) OVER (PARTITION BY p ORDER BY ts, seq) AS prev FROM lab) WHERE prev IS NULL OR prev <> l),
        numbered AS (SELECT *, lead(l, 1) OVER (PARTITION BY p ORDER BY ts, seq) AS next1, row_number() OVER (PARTITION BY p ORDER BY ts, seq) AS rn FROM collapsed),
        anchors AS (SELECT p, min(rn) AS rn FROM numbered WHERE name = 'Product Added' GROUP BY p)
        SELECT COALESCE(n.next1, '(end)') AS label, count(*) AS n FROM anchors a JOIN numbered n ON n.p = a.p AND n.rn = a.rn GROUP BY 1`;
      const r = await timed(sql);
      out.ms.paths = r.ms;
      out.paths = r.rows.map((row) => [String(row.label), Number(row.n)] as (string | number)[]).sort(byLabel);
      say(`baseline paths: ${r.ms.toFixed(0)} ms`);
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return out;
}
