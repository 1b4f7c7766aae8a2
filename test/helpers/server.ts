import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { type RunningServer, startServer } from '../../server/main.ts';

/** The storage engines a storage test runs on: always embedded, PostgreSQL when configured. */
export type Engine = 'embedded' | 'postgres';

/** Engines to run against: embedded always; PostgreSQL when KUNDRESA_TEST_DATABASE_URL is set. */
export function testEngines(): Engine[] {
  return process.env.KUNDRESA_TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
}

export interface TestServer {
  server: RunningServer;
  url: string;
  writeKey: string;
  adminToken: string;
  dataDir: string;
  engine: Engine;
  /** GET/POST the admin API with the admin token; throws on non-2xx with the body. */
  api<T = unknown>(pathAndQuery: string, init?: RequestInit): Promise<T>;
  /** Sends raw Segment calls to /v1/<endpoint> with the write key. */
  ingest(endpoint: string, body: unknown): Promise<Response>;
  /** Waits until every acknowledged event is processed by the pipeline. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a real Kundresa server on a random port with fresh storage (a temp dir or a fresh PG schema).
 * `config` overrides individual settings (limits, commit interval, services) the way CLI flags do.
 */
export async function startTestServer(opts: { engine?: Engine; dataDir?: string; pgSchema?: string; config?: Partial<Config> } = {}): Promise<TestServer> {
  const engine = opts.engine ?? 'embedded';
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-test-'));
  const writeKey = `wk_test_${crypto.randomBytes(6).toString('hex')}`;
  const adminToken = `kra_test_${crypto.randomBytes(12).toString('hex')}`;
  const databaseUrl = engine === 'postgres' ? process.env.KUNDRESA_TEST_DATABASE_URL : undefined;
  if (engine === 'postgres' && !databaseUrl) throw new Error('KUNDRESA_TEST_DATABASE_URL is not set');
  const pgSchema = engine === 'postgres' ? (opts.pgSchema ?? `t_${crypto.randomBytes(6).toString('hex')}`) : undefined;
  const config = loadConfig(
    { KUNDRESA_DATA_DIR: dataDir, KUNDRESA_WRITE_KEY: writeKey, KUNDRESA_ADMIN_TOKEN: adminToken, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    { port: 0, host: '127.0.0.1', logLevel: process.env.KUNDRESA_TEST_LOG === '1' ? 'debug' : 'error', ...opts.config },
  );
  const server = await startServer(config, { log: createLogger(config.logLevel), pgSchema });
  const url = server.url;
  return {
    server,
    url,
    writeKey,
    adminToken,
    dataDir,
    engine,
    async api<T>(p: string, init: RequestInit = {}): Promise<T> {
      const res = await fetch(url + p, { ...init, headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
      const text = await res.text();
      if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${p} → ${res.status}: ${text}`);
      return JSON.parse(text) as T;
    },
    ingest(endpoint: string, body: unknown) {
      return fetch(`${url}/v1/${endpoint}`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    },
    settle: () => settleServer(server, 10_000),
    async close() {
      await server.close();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until every acknowledged event of a running server is processed by its pipeline. */
export async function settleServer(server: RunningServer, timeoutMs: number): Promise<void> {
  await server.inbox.drain();
  for (let waited = 0; waited < timeoutMs; waited += 25) {
    if ((await server.pipeline.lag()) === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`pipeline did not settle within ${timeoutMs / 1000} s`);
}
