import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { type Config, loadConfig } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { buildAdminApp } from './http/app.ts';
import { openStateStore, type StateStore } from './storage/state/state-store.ts';
import type { EventStore } from './storage/events/event-store.ts';
import { DuckDbEventStore } from './storage/events/duckdb-event-store.ts';
import { PostgresEventStore } from './storage/events/postgres-event-store.ts';
import { InboxWriter } from './features/ingestion/inbox.repository.ts';
import { createIngestHandler } from './features/ingestion/ingest.routes.ts';
import { NormaliserPool } from './features/ingestion/normaliser-pool.ts';
import { Pipeline } from './features/pipeline/pipeline.service.ts';
import { KeysService } from './features/workspaces/keys.service.ts';
import { workspaceRoutes } from './features/workspaces/workspace.routes.ts';
import { ProfilesRepository } from './features/profiles/profiles.repository.ts';
import { profileRoutes } from './features/profiles/profiles.routes.ts';
import { eventRoutes } from './features/events/events.routes.ts';
import { createSnippetHandler } from './features/snippet/snippet.routes.ts';
import { runCli } from './features/cli/cli.ts';
import { analyticsRoutes } from './features/analytics/analytics.routes.ts';
import { AnalyticsService } from './features/analytics/analytics.service.ts';
import { ReportsRepository } from './features/analytics/reports.repository.ts';
import { JourneyEngine } from './features/journeys/journey-engine.ts';
import { JourneyInsights } from './features/journeys/journey-insights.service.ts';
import { JourneysRepository } from './features/journeys/journeys.repository.ts';
import { journeyRoutes } from './features/journeys/journeys.routes.ts';
import { JourneysService } from './features/journeys/journeys.service.ts';

export const VERSION = '0.1.0';
/** How often applied inbox rows are deleted. */
const INBOX_PRUNE_INTERVAL_MS = 5_000;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The opened storage of one Kundresa instance. */
export interface Stores {
  state: StateStore;
  events: EventStore;
  close(): Promise<void>;
}

/** Opens both stores as configured: SQLite + DuckDB in the data directory, or PostgreSQL for both. */
export async function openStores(config: Config, opts: { pgSchema?: string } = {}): Promise<Stores> {
  const state = await openStateStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: opts.pgSchema });
  const events: EventStore = config.databaseUrl
    ? await PostgresEventStore.open({ databaseUrl: config.databaseUrl, schema: opts.pgSchema })
    : await DuckDbEventStore.open(config.dataDir);
  return {
    state,
    events,
    async close() {
      await events.close();
      await state.close();
    },
  };
}

/** A running Kundresa server. */
export interface RunningServer {
  url: string;
  port: number;
  workspaceId: string;
  /** Present only when this start created the workspace. */
  createdKeys: { writeKey: string; adminToken: string } | null;
  stores: Stores;
  pipeline: Pipeline;
  inbox: InboxWriter;
  journeys: JourneysService;
  /** The live journey state (benchmarks read it in-process). */
  journeyEngine: JourneyEngine;
  /** The explorer's analytics engine (benchmarks and tests read it in-process). */
  analytics: AnalyticsService;
  close(): Promise<void>;
}

/** Wires every part together and listens: the only composition root (CLI and tests call this). */
export async function startServer(config: Config, opts: { log?: Logger; pgSchema?: string } = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.logLevel);
  const stores = await openStores(config, { pgSchema: opts.pgSchema });
  const keys = new KeysService(stores.state.db);
  const { workspaceId, created } = await keys.bootstrap({ writeKey: config.initialWriteKey, adminToken: config.initialAdminToken });
  const profiles = new ProfilesRepository(stores.state.db);
  const journeyEngine = new JourneyEngine({ events: stores.events, log });
  const journeys = new JourneysService({ repo: new JourneysRepository(stores.state.db), engine: journeyEngine });
  const insights = new JourneyInsights({ journeys, engine: journeyEngine, events: stores.events, profiles });
  // Journey state is built from the stored events before the pipeline adds to it.
  await journeys.loadPublished();
  const analytics = new AnalyticsService({ events: stores.events, journeys, profiles });
  const pipeline = new Pipeline({
    state: stores.state,
    events: stores.events,
    log,
    derive: (records, merges) => journeyEngine.process(records, merges),
    onStored: (records, merges) => analytics.observe(records, merges),
  });
  const inbox = new InboxWriter(stores.state, { commitIntervalMs: config.commitIntervalMs });
  const runWorker = config.services.includes('worker');
  const runApi = config.services.includes('api');

  const publicUrl = (requestUrl: string) => config.publicUrl ?? new URL(requestUrl).origin;
  const routes = [...workspaceRoutes({ db: stores.state.db, keys, publicUrl }), ...profileRoutes({ profiles, events: stores.events }), ...eventRoutes({ events: stores.events, profiles, pipeline }), ...journeyRoutes({ journeys, insights, engine: journeyEngine, profiles }),
    ...analyticsRoutes({ analytics, reports: new ReportsRepository(stores.state.db) }),
  ];
  const admin = buildAdminApp({ routes, keys, log, webDir: path.join(ROOT, 'web', 'dist'), version: VERSION });
  const adminListener = getRequestListener(admin.fetch);
  const normaliser = new NormaliserPool();
  const ingest = createIngestHandler({
    keys,
    inbox,
    normaliser,
    log,
    maxEventBytes: config.maxEventBytes,
    maxRequestBytes: config.maxRequestBytes,
    maxPendingEvents: config.maxPendingEvents,
    onAccepted: runWorker ? () => pipeline.wake() : undefined,
  });
  const snippet = createSnippetHandler();

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (runApi && url.startsWith('/v1/')) return ingest(req, res);
    if (url === '/t.js' || url.startsWith('/t.js?')) return snippet(req, res);
    return adminListener(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 30_000;
  if (runWorker) {
    pipeline.start();
    let lastPrune = 0;
    pipeline.onProgress((appliedUpTo) => {
      if (Date.now() - lastPrune < INBOX_PRUNE_INTERVAL_MS) return;
      lastPrune = Date.now();
      inbox.prune(appliedUpTo).catch((err: unknown) => log.warn('inbox prune failed; will retry', err));
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  let closed = false;
  return {
    url: `http://${host}:${port}`,
    port,
    workspaceId,
    createdKeys: created,
    stores,
    pipeline,
    inbox,
    journeys,
    journeyEngine,
    analytics,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await inbox.close();
      await normaliser.close();
      await pipeline.stop();
      await stores.close();
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `kundresa export events --out - | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  runCli(process.argv.slice(2), { env: process.env, loadConfig, startServer, openStores }).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
