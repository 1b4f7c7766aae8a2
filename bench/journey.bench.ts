/**
 * Journey benchmark (`npm run bench -- journey`): seeded synthetic e-commerce events (1M customers,
 * 10M events by default; bench/journey-data.ts) generated inside DuckDB into a fresh data directory,
 * then three figures, each with a baseline measured in the same run:
 *
 * 1. recompute — `JourneyEngine.activate` of the five-phase template over the stored events, in a
 *    process of its own (so its peak RSS is its own). Baseline: DuckDB delivering exactly the columns the
 *    engine's scan asks for (the same SQL: profile dictionary, canonical profile index, type and label
 *    codes, the fields the rules read, customer by customer) into JS, which then does nothing with them. That is the
 *    floor for any recompute that reads the event store; `COUNT(*)` with the JSON extraction would leave
 *    out moving the values into JS, which the engine cannot avoid, and so would flatter nobody.
 * 2. map-analytics — the live map's numbers over a 90-day period: the real HTTP request
 *    `GET /api/journeys/{id}/analytics` against a server on that data directory. The headline `ms` is
 *    the median of `--runs` polls each made right after a batch of new events was applied (so the answer
 *    cache cannot serve it); also reported: the first request after the publish and a repeated poll with
 *    nothing new, and `journeyAnalytics` in-process. Baseline: the same stage numbers computed by
 *    naive DuckDB SQL from the raw events (per-customer MIN(ts) per touchpoint with GROUP BY, the n-th
 *    order with a window, reached = LEAST over later stages, then aggregation). Both must agree; a
 *    mismatch is printed and the process exits non-zero.
 * 3. ingest-with-journey — acknowledged and processed (pipeline lag 0) throughput of 100-event batches
 *    walking customers through the five-phase stages, with the journey published vs without any
 *    journey, each on a fresh data directory; `--ingest-runs` runs per side, alternating, medians compared.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { JourneyAnalytics, StageMetrics } from '../common/journeys/api.ts';
import type { JourneyDefinition, MatchRule } from '../common/journeys/model.ts';
import { STAGE_ENTERED_EVENT } from '../common/journeys/rule-matcher.ts';
import { journeyTemplate } from '../common/journeys/templates.ts';
import { loadConfig } from '../server/config.ts';
import { compileJourney, type CompiledJourney } from '../server/features/journeys/compiled-journey.ts';
import { journeyAnalytics } from '../server/features/journeys/journey-analytics.ts';
import { JourneyEngine } from '../server/features/journeys/journey-engine.ts';
import { KeysService } from '../server/features/workspaces/keys.service.ts';
import { createLogger } from '../server/logger.ts';
import { openStores } from '../server/main.ts';
import { DuckDbEventStore } from '../server/storage/events/duckdb-event-store.ts';
import { CANONICAL_PROFILE, EVENTS_WITH_ALIASES, scanParts } from '../server/storage/events/sql-event-queries.ts';
import { firstLine, fmt, log, median, positiveInt, round, rssMb } from './bench-utils.ts';
import { generateEvents, PERIOD_DAYS } from './journey-data.ts';
import { expectedStageEntries } from './journey-mix.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = ['--import', 'tsx'];
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const STUCK_DAYS = 14;
const WRITE_KEY = 'wk_bench_journey';
const ADMIN_TOKEN = 'kra_bench_journey_token_0001';
/** Tells this process's live events from an earlier run's in a reused data directory (messageIds are deduplicated). */
const LIVE_RUN_ID = `${Date.now().toString(36)}${process.pid.toString(36)}`;

/** The map's numbers per stage that the SQL baseline reproduces. */
interface StageNumbers {
  key: string;
  reached: number;
  skipped: number;
  current: number;
  stuck: number;
  conversionFromPrevious: number | null;
  medianMsFromPrevious: number | null;
  p90MsFromPrevious: number | null;
}

interface RecomputeResult {
  events: number;
  seconds: number;
  rssMb: number;
  stateMb: number;
  customers: number;
  scanOnlySeconds: number | null;
  analyticsMs: number;
  analytics: { customers: number; stages: StageNumbers[] };
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string', default: '1000000' },
      events: { type: 'string', default: '10000000' },
      seed: { type: 'string', default: '42' },
      runs: { type: 'string', default: '7' },
      'ingest-events': { type: 'string', default: '300000' },
      concurrency: { type: 'string', default: '16' },
      /** Ingestion runs per side, alternating without / with the journey (the medians are compared: single runs drift). */
      'ingest-runs': { type: 'string', default: '3' },
      /** Which figures: recompute, map-analytics, ingest-with-journey (comma-separated). */
      only: { type: 'string', default: 'recompute,map-analytics,ingest-with-journey' },
      /** Use (and keep) this data directory: generated there once, reused while customers, events and seed match. */
      data: { type: 'string' },
      /** Also time the store's scan alone (one more pass over all events), to split the recompute time. */
      'scan-breakdown': { type: 'boolean', default: false },
    },
  });
  const customers = positiveInt(values.customers, 'customers');
  const events = positiveInt(values.events, 'events');
  const seed = positiveInt(values.seed, 'seed');
  const runs = positiveInt(values.runs, 'runs');
  // Whole batches of 100, which is also whole passes of the 10-step walk (bench/journey-mix.ts).
  const ingestEvents = Math.ceil(positiveInt(values['ingest-events'], 'ingest-events') / 100) * 100;
  const concurrency = positiveInt(values.concurrency, 'concurrency');
  const only = new Set(values.only.split(','));
  const started = performance.now();
  const problems: string[] = [];
  const template = journeyTemplate('five-phase', 'en');
  const period = { from: START, to: START + PERIOD_DAYS * DAY };

  if (only.has('recompute') || only.has('map-analytics')) {
    const dir = values.data ? path.resolve(values.data) : fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-bench-journey-'));
    try {
      const { workspaceId } = await prepareData(dir, { customers, events, seed });
      const compiled = compileJourney({ journeyId: 'bench', workspaceId, name: template.name, version: 1, definition: template.definition });
      const baseline = await baselines(dir, compiled, template.definition, period, runs);
      say(`baseline: DuckDB scan into JS ${baseline.scanSeconds.toFixed(1)} s; naive SQL stage numbers ${baseline.sqlMs.toFixed(0)} ms (median of ${baseline.sqlRuns})`);

      const recompute = await runChild<RecomputeResult>('recompute', { dir, workspaceId, period, runs, scanBreakdown: values['scan-breakdown'] });
      if (recompute.events !== baseline.scanned) problems.push(`recompute read ${recompute.events} events, the baseline scan ${baseline.scanned}`);
      problems.push(...compareNumbers('in-process journeyAnalytics', recompute.analytics, baseline.numbers));
      const recomputeRate = recompute.events / recompute.seconds;
      const baselineRate = baseline.scanned / baseline.scanSeconds;
      const scanOnlyRate = recompute.scanOnlySeconds === null ? null : recompute.events / recompute.scanOnlySeconds;
      if (only.has('recompute')) {
        log({
          name: 'recompute',
          events: recompute.events,
          seconds: round(recompute.seconds),
          eventsPerSecond: Math.round(recomputeRate),
          baselineEventsPerSecond: Math.round(baselineRate),
          ratio: round2(recomputeRate / baselineRate),
          ...(scanOnlyRate === null ? {} : { storeScanOnlyEventsPerSecond: Math.round(scanOnlyRate) }),
          rssMb: Math.round(recompute.rssMb),
          stateMb: Math.round(recompute.stateMb),
          target: 500_000,
        });
      }
      say(
        `recompute: ${fmt(recompute.events)} events in ${recompute.seconds.toFixed(1)} s = ${fmt(recomputeRate)} events/s (baseline ${fmt(baselineRate)}/s` +
          `${scanOnlyRate === null ? '' : `; the store's scan alone ${fmt(scanOnlyRate)}/s`}), peak RSS ${Math.round(recompute.rssMb)} MB, state ${Math.round(recompute.stateMb)} MB`,
      );

      if (only.has('map-analytics')) {
        const http = await httpAnalytics({ dir, period, runs });
        problems.push(...compareNumbers('GET /api/journeys/{id}/analytics', { customers: http.analytics.customers, stages: http.analytics.stages.map(stageNumbers) }, baseline.numbers));
        log({
          name: 'map-analytics',
          events: recompute.events,
          customers: recompute.customers,
          ms: round(http.ms),
          runs: http.runs,
          firstMs: round(http.firstMs),
          cachedMs: round(http.cachedMs),
          inProcessMs: round(recompute.analyticsMs),
          baselineMs: round(baseline.sqlMs),
          ratio: round2(http.ms / baseline.sqlMs),
          serverRecomputeSeconds: round(http.recomputeSeconds),
          serverRssMb: Math.round(http.rssMb),
          matchesBaseline: problems.length === 0,
          target: 200,
        });
        say(
          `map analytics: HTTP median ${http.ms.toFixed(1)} ms after new events (${http.runs} runs), ${http.firstMs.toFixed(1)} ms the first request, ${http.cachedMs.toFixed(1)} ms a repeated poll; in-process ${recompute.analyticsMs.toFixed(1)} ms, naive SQL ${baseline.sqlMs.toFixed(0)} ms; ` +
            `the server's own recompute ${http.recomputeSeconds.toFixed(1)} s, server peak RSS ${Math.round(http.rssMb)} MB`,
        );
      }
    } finally {
      if (!values.data) fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  if (only.has('ingest-with-journey')) {
    // Alternating sides, so a drift of the machine over the minutes hits both alike; the median run of each side.
    const withoutRuns: IngestResult[] = [];
    const withRuns: IngestResult[] = [];
    for (let r = 0; r < positiveInt(values['ingest-runs'], 'ingest-runs'); r++) {
      withoutRuns.push(await ingestRun({ journey: false, events: ingestEvents, concurrency }));
      withRuns.push(await ingestRun({ journey: true, events: ingestEvents, concurrency }));
    }
    const middle = (runs: IngestResult[]) => [...runs].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[Math.floor((runs.length - 1) / 2)] as IngestResult;
    const without = middle(withoutRuns);
    const withJourney = middle(withRuns);
    say(`ingest runs (events/s): without ${withoutRuns.map((r) => fmt(r.eventsPerSecond)).join(', ')}; with the journey ${withRuns.map((r) => fmt(r.eventsPerSecond)).join(', ')}`);
    // Every acknowledged call stored once; with the journey, plus exactly one entry per stage a customer reached.
    const expectedEntries = expectedStageEntries(ingestEvents);
    for (const run of withoutRuns) if (run.stored !== ingestEvents) problems.push(`without a journey ${run.stored} events were stored for ${ingestEvents} acknowledged`);
    for (const run of withRuns) if (run.stored !== ingestEvents + expectedEntries) problems.push(`with the journey ${run.stored} events were stored for ${ingestEvents} acknowledged and ${expectedEntries} expected stage entries`);
    log({
      name: 'ingest-with-journey',
      events: ingestEvents,
      eventsPerSecond: Math.round(withJourney.eventsPerSecond),
      baselineEventsPerSecond: Math.round(without.eventsPerSecond),
      ratio: round2(withJourney.eventsPerSecond / without.eventsPerSecond),
      acknowledgedEventsPerSecond: Math.round(withJourney.ackEventsPerSecond),
      baselineAcknowledgedEventsPerSecond: Math.round(without.ackEventsPerSecond),
      stageEntries: withJourney.stored - ingestEvents,
      rssMb: Math.round(withJourney.rssMb),
      baselineRssMb: Math.round(without.rssMb),
      target: 0.8,
    });
    say(
      `ingest + pipeline: ${fmt(withJourney.eventsPerSecond)} events/s with the journey (${fmt(withJourney.stored - ingestEvents)} stage entries stored), ` +
        `${fmt(without.eventsPerSecond)} without (${Math.round((100 * withJourney.eventsPerSecond) / without.eventsPerSecond)} %); server RSS ${Math.round(withJourney.rssMb)} / ${Math.round(without.rssMb)} MB`,
    );
  }

  say(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`\n!!! MISMATCH: ${p}\n`);
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------------------------------------------
// Data directory and baselines

const MANIFEST = 'bench-journey.json';

/** Generates the events into `dir`, or reuses what a previous run with the same parameters left there. */
export async function prepareData(dir: string, o: { customers: number; events: number; seed: number }): Promise<{ workspaceId: string }> {
  const manifestFile = path.join(dir, MANIFEST);
  if (fs.existsSync(manifestFile)) {
    const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { customers: number; events: number; seed: number; workspaceId: string };
    if (m.customers === o.customers && m.events === o.events && m.seed === o.seed) {
      say(`reusing ${fmt(m.events)} events of ${fmt(m.customers)} customers in ${dir}`);
      return { workspaceId: m.workspaceId };
    }
    throw new Error(`${dir} holds data of other parameters (${JSON.stringify(m)}); remove it or pick another --data`);
  }
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error(`${dir} is not empty and was not made by this benchmark`);
  const workspaceId = await bootstrapWorkspace(dir);
  const gen = await timed(async () => {
    const instance = await DuckDBInstance.create(path.join(dir, 'events.duckdb'));
    const conn = await instance.connect();
    try {
      return await generateEvents(conn, { ...o, workspaceId, start: START });
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
  const fileMb = fs.statSync(path.join(dir, 'events.duckdb')).size / 1e6;
  fs.writeFileSync(manifestFile, JSON.stringify({ ...o, workspaceId }));
  log({ name: 'journey-data', customers: o.customers, events: gen.value.events, mergedProfiles: gen.value.aliases, seconds: round(gen.seconds), fileMb: Math.round(fileMb) });
  say(`generated ${fmt(gen.value.events)} events of ${fmt(o.customers)} customers in ${gen.seconds.toFixed(1)} s (${Math.round(fileMb)} MB)`);
  return { workspaceId };
}

/** Creates the state store (workspace, keys) and the event store's tables in a fresh data directory. */
async function bootstrapWorkspace(dir: string): Promise<string> {
  const stores = await openStores(loadConfig({ KUNDRESA_DATA_DIR: dir }));
  try {
    const { workspaceId } = await new KeysService(stores.state.db).bootstrap({ writeKey: WRITE_KEY, adminToken: ADMIN_TOKEN });
    return workspaceId;
  } finally {
    await stores.close();
  }
}

/** The labels a recompute asks the store for, as `JourneyEngine` builds them. */
function scanLabels(j: CompiledJourney): string[] {
  return [...new Set([...j.touchpoints.flatMap((t) => t.rule.labels), ...j.personaEvents.flatMap((e) => e.rule.labels)])];
}

async function baselines(
  dir: string,
  journey: CompiledJourney,
  definition: JourneyDefinition,
  period: { from: number; to: number },
  runs: number,
): Promise<{ scanned: number; scanSeconds: number; sqlMs: number; sqlRuns: number; numbers: { customers: number; stages: StageNumbers[] } }> {
  const instance = await DuckDBInstance.create(path.join(dir, 'events.duckdb'));
  const conn = await instance.connect();
  try {
    // The recompute's scan, same SQL (scanParts builds the store's column list), straight into JS.
    const scan = await timed(async () => {
      const q = { workspaceId: journey.workspaceId, paths: journey.paths, pathScopes: journey.pathScopes, emptyAsAbsent: journey.emptyAsAbsent, labels: scanLabels(journey), onBatch: () => undefined };
      const { where, columns, params } = scanParts(
        q,
        (column, keys, add) => `json_extract_string(${column}, ${add(`/${keys.join('/')}`)})`,
        (column, text) => `contains(${column}, ${text})`,
      );
      // Bound by position, as the store does: each statement takes the parameters it uses.
      const prepare = async (sql: string) => {
        const p = await conn.prepare(sql);
        p.bind(params.slice(0, p.parameterCount));
        return p;
      };
      await (await prepare(`CREATE TEMP TABLE bench_profiles AS SELECT id, (row_number() OVER (ORDER BY id) - 1)::INTEGER AS idx FROM (SELECT DISTINCT ${CANONICAL_PROFILE} AS id FROM ${EVENTS_WITH_ALIASES} WHERE ${where})`)).run();
      const ids = await conn.runAndReadAll(`SELECT idx // 20000 AS part, string_agg(id, chr(10) ORDER BY idx) AS ids FROM bench_profiles GROUP BY part`);
      let profiles = 0;
      for (const row of ids.getRowObjects()) profiles += String(row.ids).split('\n').length;
      const result = await (await prepare(`SELECT d.idx, e.ts::DOUBLE AS ts, ${columns} FROM ${EVENTS_WITH_ALIASES} JOIN bench_profiles d ON d.id = ${CANONICAL_PROFILE} WHERE ${where} ORDER BY d.idx`)).stream();
      let n = 0;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        chunk.getColumns();
        n += chunk.rowCount;
      }
      await conn.run('DROP TABLE bench_profiles');
      return { n, profiles };
    });

    const sql = stageNumbersSql(definition, { workspaceId: journey.workspaceId, ...period, stuckMs: STUCK_DAYS * DAY });
    let numbers: { customers: number; stages: StageNumbers[] } = { customers: 0, stages: [] };
    // No warm-up: the scan just read the same columns, so the data is as warm as it gets.
    const sqlTimes = await repeat(async () => {
      const [row] = (await conn.runAndReadAll(sql)).getRowObjects();
      numbers = parseStageNumbers(row ?? {}, definition);
    }, { runs, warmUp: false });
    return { scanned: scan.value.n, scanSeconds: scan.seconds, sqlMs: sqlTimes.ms, sqlRuns: sqlTimes.runs, numbers };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** The match rule as a SQL predicate over `type`, `label` (event or page/screen name); `nth` is handled by the caller. */
function rulePredicate(rule: MatchRule): string {
  const utm = Object.values(rule.utm ?? {}).some((v) => v !== undefined && v !== '');
  if (rule.where.length > 0 || rule.pagePath || utm) throw new Error('the SQL baseline handles type, events and nth rules only');
  const type = rule.type === 'any' ? `type IN ('track', 'page', 'screen')` : `type = ${sqlString(rule.type)}`;
  return rule.events.length === 0 ? type : `${type} AND label IN (${rule.events.map(sqlString).join(', ')})`;
}

/**
 * The naive SQL a developer would write for the map's stage numbers (docs/journeys.md): touchpoint
 * time = MIN(ts) per customer (the n-th by row_number for nth rules), entered = LEAST over the stage's
 * touchpoints, reached = LEAST over this and later stages, then one aggregation over all customers.
 */
function stageNumbersSql(def: JourneyDefinition, q: { workspaceId: string; from: number; to: number; stuckMs: number }): string {
  const tps = def.stages.flatMap((s, si) => s.touchpoints.map((t) => ({ si, rule: t.rule })));
  const firsts = tps.map((t, i) => (t.rule.nth === 1 ? `MIN(ts) FILTER (WHERE ${rulePredicate(t.rule)}) AS t${i}` : null)).filter((x) => x !== null);
  const nths = tps.map((t, i) => ({ t, i })).filter(({ t }) => t.rule.nth > 1);
  const S = def.stages.length;
  const entered = def.stages.map((_, s) => {
    const own = tps.map((t, i) => (t.si === s ? `t${i}` : null)).filter((x) => x !== null);
    return own.length === 0 ? `NULL::BIGINT AS e${s}` : `LEAST(${own.join(', ')}) AS e${s}`;
  });
  const reached = def.stages.map((_, s) => `LEAST(${Array.from({ length: S - s }, (_, k) => `e${s + k}`).join(', ')}) AS r${s}`);
  const inPeriod = (x: string) => `(${x} >= ${q.from} AND ${x} < ${q.to})`;
  const before = (x: string) => `coalesce(${x} < ${q.to}, false)`;
  const aggregates: string[] = [`count(*) FILTER (WHERE ${def.stages.map((_, s) => inPeriod(`r${s}`)).join(' OR ')}) AS customers`];
  for (let s = 0; s < S; s++) {
    const current = `${before(`r${s}`)} AND NOT ${s + 1 < S ? before(`r${s + 1}`) : 'false'}`;
    aggregates.push(
      `count(*) FILTER (WHERE ${inPeriod(`r${s}`)}) AS reached${s}`,
      `count(*) FILTER (WHERE ${inPeriod(`r${s}`)} AND NOT coalesce(e${s} <= r${s}, false)) AS skipped${s}`,
      `count(*) FILTER (WHERE ${current}) AS current${s}`,
      s + 1 < S ? `count(*) FILTER (WHERE ${current} AND ${q.to} - r${s} > ${q.stuckMs}) AS stuck${s}` : `0 AS stuck${s}`,
    );
    if (s > 0) {
      aggregates.push(
        `count(*) FILTER (WHERE ${inPeriod(`r${s - 1}`)}) AS conv_den${s}`,
        `count(*) FILTER (WHERE ${inPeriod(`r${s - 1}`)} AND ${before(`r${s}`)}) AS conv_num${s}`,
        `quantile_disc(r${s} - r${s - 1}, 0.5) FILTER (WHERE ${inPeriod(`r${s}`)} AND r${s - 1} IS NOT NULL) AS median${s}`,
        `quantile_disc(r${s} - r${s - 1}, 0.9) FILTER (WHERE ${inPeriod(`r${s}`)} AND r${s - 1} IS NOT NULL) AS p90_${s}`,
      );
    }
  }
  return `
  WITH ev AS (
    SELECT ${CANONICAL_PROFILE} AS p, e.type, CASE WHEN e.type = 'track' THEN e.event WHEN e.type IN ('page', 'screen') THEN e.name END AS label, e.ts
    FROM ${EVENTS_WITH_ALIASES}
    WHERE e.workspace_id = ${sqlString(q.workspaceId)} AND (e.event IS NULL OR e.event <> ${sqlString(STAGE_ENTERED_EVENT)})
  ), firsts AS (
    SELECT p${firsts.length > 0 ? `, ${firsts.join(', ')}` : ''} FROM ev GROUP BY p
  )${nths.map(({ t, i }) => `, nth${i} AS (
    SELECT p, ts AS t${i} FROM (SELECT p, ts, row_number() OVER (PARTITION BY p ORDER BY ts) AS rn FROM ev WHERE ${rulePredicate(t.rule)}) WHERE rn = ${t.rule.nth}
  )`).join('')}, stages AS (
    SELECT p, ${entered.join(', ')} FROM firsts ${nths.map(({ i }) => `LEFT JOIN nth${i} USING (p)`).join(' ')}
  ), reached AS (
    SELECT *, ${reached.join(', ')} FROM stages
  )
  SELECT ${aggregates.join(',\n    ')} FROM reached`;
}

function parseStageNumbers(row: Record<string, unknown>, def: JourneyDefinition): { customers: number; stages: StageNumbers[] } {
  const num = (k: string) => Number(row[k] ?? 0);
  const opt = (k: string) => (row[k] === null || row[k] === undefined ? null : Number(row[k]));
  return {
    customers: num('customers'),
    stages: def.stages.map((st, s) => {
      const den = s > 0 ? num(`conv_den${s}`) : 0;
      return {
        key: st.key,
        reached: num(`reached${s}`),
        skipped: num(`skipped${s}`),
        current: num(`current${s}`),
        stuck: num(`stuck${s}`),
        conversionFromPrevious: s === 0 || den === 0 ? null : num(`conv_num${s}`) / den,
        medianMsFromPrevious: s === 0 ? null : opt(`median${s}`),
        p90MsFromPrevious: s === 0 ? null : opt(`p90_${s}`),
      };
    }),
  };
}

function stageNumbers(m: StageMetrics): StageNumbers {
  return {
    key: m.key,
    reached: m.reached,
    skipped: m.skipped,
    current: m.current,
    stuck: m.stuck,
    conversionFromPrevious: m.conversionFromPrevious,
    medianMsFromPrevious: m.medianMsFromPrevious,
    p90MsFromPrevious: m.p90MsFromPrevious,
  };
}

/** Every difference between the engine's numbers and the SQL baseline's, as readable lines. */
function compareNumbers(what: string, got: { customers: number; stages: StageNumbers[] }, want: { customers: number; stages: StageNumbers[] }): string[] {
  const out: string[] = [];
  if (got.customers !== want.customers) out.push(`${what}: customers ${got.customers}, SQL baseline ${want.customers}`);
  want.stages.forEach((w, s) => {
    const g = got.stages[s];
    if (!g) return void out.push(`${what}: stage ${w.key} missing`);
    for (const k of Object.keys(w) as (keyof StageNumbers)[]) {
      const a = g[k];
      const b = w[k];
      const same = typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) : a === b;
      if (!same) out.push(`${what}: ${w.key}.${k} = ${String(a)}, SQL baseline ${String(b)}`);
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The recompute, in a process of its own

async function recomputeChild(args: { dir: string; workspaceId: string; period: { from: number; to: number }; runs: number; scanBreakdown: boolean }): Promise<RecomputeResult> {
  const events = await DuckDbEventStore.open(args.dir);
  try {
    const template = journeyTemplate('five-phase', 'en');
    const journey = compileJourney({ journeyId: 'bench', workspaceId: args.workspaceId, name: template.name, version: 1, definition: template.definition });
    const engine = new JourneyEngine({ events, log: createLogger('warn') });
    const t = performance.now();
    await engine.activate(journey);
    const seconds = (performance.now() - t) / 1000;
    const rssMb = peakRssMb();
    const status = engine.status('bench');
    const state = engine.state('bench');
    if (!state || status?.state !== 'done') throw new Error(`recompute did not finish: ${JSON.stringify(status)}`);

    const q = { from: args.period.from, to: args.period.to, stuckMs: STUCK_DAYS * DAY };
    let result = journeyAnalytics(state, q);
    const analyticsTimes = await repeat(() => (result = journeyAnalytics(state, q)), { runs: args.runs, warmUp: false });
    let live = 0;
    for (let p = 0; p < state.size; p++) if (state.isLive(p)) live++;

    // The store's scan with nothing done per event: what the engine's own work adds on top of it.
    let scanOnlySeconds: number | null = null;
    if (args.scanBreakdown) {
      const s = performance.now();
      await events.scan({ workspaceId: args.workspaceId, paths: journey.paths, pathScopes: journey.pathScopes, emptyAsAbsent: journey.emptyAsAbsent, labels: scanLabels(journey), onBatch: () => undefined });
      scanOnlySeconds = (performance.now() - s) / 1000;
    }
    return {
      events: status.processed,
      seconds,
      rssMb,
      stateMb: state.bytes() / 1e6,
      customers: live,
      scanOnlySeconds,
      analyticsMs: analyticsTimes.ms,
      analytics: { customers: result.total.customers, stages: result.total.stages.map(stageNumbers) },
    };
  } finally {
    await events.close();
  }
}

const CHILDREN: Record<string, (args: never) => Promise<unknown>> = { recompute: recomputeChild };

/** Runs one role of this file in a fresh Node process and returns what it printed. */
async function runChild<T>(role: string, args: unknown): Promise<T> {
  const child = spawn(process.execPath, ['--max-old-space-size=8192', ...TSX, fileURLToPath(import.meta.url), role, JSON.stringify(args)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(await firstLine(child)) as T;
}

// ---------------------------------------------------------------------------------------------------
// The server: map analytics over HTTP, and ingestion with and without a journey

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startServer(dir: string): Promise<Server> {
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, [...TSX, path.join(ROOT, 'server/main.ts'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', KUNDRESA_DATA_DIR: dir, KUNDRESA_WRITE_KEY: WRITE_KEY, KUNDRESA_ADMIN_TOKEN: ADMIN_TOKEN, KUNDRESA_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((r) => child.once('exit', r));
  await waitForHealth(url, child);
  return {
    url,
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function api<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' } });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Creates the five-phase journey, publishes it and waits for its recompute; returns its id and the recompute time. */
async function publishFivePhase(url: string): Promise<{ id: string; recomputeSeconds: number }> {
  const { id } = await api<{ id: string }>(`${url}/api/journeys`, { method: 'POST', body: JSON.stringify({ template: 'five-phase', locale: 'en' }) });
  await api(`${url}/api/journeys/${id}/publish`, { method: 'POST' });
  for (;;) {
    const j = await api<{ recompute: { state: string; startedAt: number; finishedAt: number | null } | null }>(`${url}/api/journeys/${id}`);
    if (j.recompute?.state === 'done') return { id, recomputeSeconds: ((j.recompute.finishedAt ?? 0) - j.recompute.startedAt) / 1000 };
    if (j.recompute?.state === 'failed') throw new Error('the server failed to recompute the journey');
    await sleep(100);
  }
}

/**
 * The map's request over HTTP, three ways: the first after the publish (its numbers are compared with the
 * baseline); a poll after new events arrived (the live map's case, and the headline: a batch of 100 events
 * of 20 new customers, inside the period, is sent and applied before each timed request, so no cached
 * answer can be used); and a repeated poll with nothing new (answered from the cache).
 */
async function httpAnalytics(o: { dir: string; period: { from: number; to: number }; runs: number }): Promise<{
  ms: number;
  firstMs: number;
  cachedMs: number;
  runs: number;
  recomputeSeconds: number;
  rssMb: number;
  analytics: JourneyAnalytics;
}> {
  const server = await startServer(o.dir);
  let id: string | undefined;
  try {
    const published = await publishFivePhase(server.url);
    id = published.id;
    const query = `${server.url}/api/journeys/${id}/analytics?from=${o.period.from}&to=${o.period.to}`;
    const first = await timed(() => api<JourneyAnalytics>(query));
    const cached = await repeat(() => api<JourneyAnalytics>(query), { runs: o.runs, warmUp: false });
    const live: number[] = [];
    for (let run = 0; run < o.runs; run++) {
      await sendLiveBatch(server.url, o.period, run);
      const t = performance.now();
      const after = await api<JourneyAnalytics>(query);
      live.push(performance.now() - t);
      // The batch must have reached the map: 20 more customers every run.
      const expected = first.value.customers + 20 * (run + 1);
      if (after.customers !== expected) throw new Error(`after live batch ${run + 1} the map counts ${after.customers} customers, expected ${expected}`);
    }
    return {
      ms: median(live),
      firstMs: first.seconds * 1000,
      cachedMs: cached.ms,
      runs: live.length,
      recomputeSeconds: published.recomputeSeconds,
      rssMb: rssMb(server.child.pid ?? 0, 'VmHWM'),
      analytics: first.value,
    };
  } finally {
    // A reused data directory must not come back with a published journey (it would be recomputed at start).
    if (id) await api(`${server.url}/api/journeys/${id}`, { method: 'DELETE' }).catch(() => undefined);
    await server.stop();
  }
}

/**
 * 100 events of 20 new customers (landing, browsing, an order) inside the period, sent and applied.
 * They stay in a reused data directory (100 per run, ids unique per benchmark process).
 */
async function sendLiveBatch(url: string, period: { from: number; to: number }, run: number): Promise<void> {
  const at = (k: number) => new Date(period.to - 86_400_000 + run * 1000 + k).toISOString();
  const batch = Array.from({ length: 20 }, (_, c) => {
    const userId = `live-${LIVE_RUN_ID}-${run}-${c}`;
    const steps: [string, string][] = [['page', 'Home'], ['track', 'Product List Viewed'], ['track', 'Product Viewed'], ['track', 'Product Added'], ['track', 'Order Completed']];
    return steps.map(([type, name], k) => ({
      type,
      userId,
      messageId: `${userId}-${k}`,
      timestamp: at(c * 5 + k),
      ...(type === 'page' ? { name, properties: { path: '/' } } : { event: name, properties: { order_id: `${userId}-o` } }),
    }));
  }).flat();
  const res = await fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ batch }),
  });
  if (!res.ok) throw new Error(`POST /v1/batch: ${res.status} ${await res.text()}`);
  for (;;) {
    const stats = await api<{ pipelineLag: number }>(`${url}/api/stats`);
    if (stats.pipelineLag === 0) return;
    await sleep(20);
  }
}

interface IngestResult {
  eventsPerSecond: number;
  ackEventsPerSecond: number;
  stored: number;
  rssMb: number;
}

/** Sends `events` calls walking customers through the five-phase stages, and waits until the pipeline has applied them all. */
async function ingestRun(o: { journey: boolean; events: number; concurrency: number }): Promise<IngestResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-bench-journey-ingest-'));
  const server = await startServer(dir);
  try {
    if (o.journey) await publishFivePhase(server.url);
    const load = spawn(
      process.execPath,
      [...TSX, path.join(ROOT, 'bench/load.ts'), JSON.stringify({ url: server.url, writeKey: WRITE_KEY, seconds: 3600, concurrency: o.concurrency, batchSize: 100, idPrefix: o.journey ? 'journey' : 'plain', events: o.events, mix: 'journey' })],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const result = JSON.parse(await firstLine(load)) as { events: number; seconds: number; errors: number };
    if (result.events !== o.events || result.errors > 0) throw new Error(`load: ${JSON.stringify(result)}`);
    const drainStarted = performance.now();
    for (;;) {
      const stats = await api<{ pipelineLag: number }>(`${server.url}/api/stats`);
      if (stats.pipelineLag === 0) break;
      await sleep(100);
    }
    const seconds = result.seconds + (performance.now() - drainStarted) / 1000;
    const stats = await api<{ totalEvents: number }>(`${server.url}/api/stats`);
    return { eventsPerSecond: o.events / seconds, ackEventsPerSecond: result.events / result.seconds, stored: stats.totalEvents, rssMb: rssMb(server.child.pid ?? 0, 'VmHWM') };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// Helpers

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t) / 1000 };
}

/**
 * Median time of up to `runs` calls (after one untimed warm-up if asked), stopping once 10 s are spent
 * (at least one run), so a slow path does not hold the benchmark up for minutes; reports how many ran.
 */
async function repeat(fn: () => unknown, o: { runs: number; warmUp: boolean }): Promise<{ ms: number; runs: number }> {
  if (o.warmUp) await fn();
  const times: number[] = [];
  let spent = 0;
  while (times.length < o.runs && (times.length === 0 || spent < 10_000)) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
    spent += times[times.length - 1] ?? 0;
  }
  return { ms: median(times), runs: times.length };
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round2 = (n: number) => Math.round(n * 100) / 100;
const say = (s: string) => process.stderr.write(`[journey] ${s}\n`);

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  throw new Error('server did not start');
}

const peakRssMb = () => rssMb('self', 'VmHWM');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [role = '', args = '{}'] = process.argv.slice(2);
  const run = CHILDREN[role];
  if (!run) throw new Error(`unknown role ${role}`);
  run(JSON.parse(args) as never).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
