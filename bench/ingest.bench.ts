/**
 * Ingestion benchmark (issue 2): a separate load process sends 100-event batches of ~500-byte track
 * calls to the embedded server with durable acknowledgements, and the same load to a bare node:http
 * server that only parses the JSON (the baseline, same run). Then single-call /v1/track, and how long
 * the pipeline needs to make every acknowledged event visible in analytics.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { firstLine, log, round } from './bench-utils.ts';

interface LoadResult {
  requests: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  throttled: number;
}

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = ['--import', 'tsx'];

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '60' },
      'single-seconds': { type: 'string', default: '15' },
      concurrency: { type: 'string', default: '16' },
      // Single calls come from many browsers and servers at once; more connections model that.
      'single-concurrency': { type: 'string', default: '64' },
    },
  });
  const seconds = Number(values.seconds);
  const singleSeconds = Number(values['single-seconds']);
  const concurrency = Number(values.concurrency);
  const singleConcurrency = Number(values['single-concurrency']);
  const writeKey = 'wk_bench_ingest';
  const adminToken = 'kra_bench_admin_token_0001';

  // Baseline: the same load against a server that only parses JSON.
  const baseline = spawn(process.execPath, [...TSX, path.join(ROOT, 'bench/baseline-server.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const baselinePort = await firstLine(baseline);
  const baselineResult = await runLoad({ url: `http://127.0.0.1:${baselinePort}`, writeKey, seconds, concurrency, batchSize: 100, idPrefix: 'base' });
  const baselineSingle = await runLoad({ url: `http://127.0.0.1:${baselinePort}`, writeKey, seconds: singleSeconds, concurrency: singleConcurrency, batchSize: 1, idPrefix: 'base-single' });
  baseline.kill('SIGKILL');
  log({ name: 'ingest-baseline', ...baselineResult });
  log({ name: 'ingest-baseline-single', requestsPerSecond: baselineSingle.requestsPerSecond, p50Ms: baselineSingle.p50Ms, p99Ms: baselineSingle.p99Ms });

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-bench-'));
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const server = spawn(process.execPath, [...TSX, path.join(ROOT, 'server/main.ts'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', KUNDRESA_DATA_DIR: dataDir, KUNDRESA_WRITE_KEY: writeKey, KUNDRESA_ADMIN_TOKEN: adminToken, KUNDRESA_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url);
    const rss = sampleRss(server.pid ?? 0);
    const batchResult = await runLoad({ url, writeKey, seconds, concurrency, batchSize: 100, idPrefix: 'batch' });
    const drainStarted = Date.now();
    await waitForPipeline(url, adminToken);
    const drainSeconds = (Date.now() - drainStarted) / 1000;
    log({ name: 'ingest-batch', ...batchResult, pipelineDrainSeconds: drainSeconds, pipelineEventsPerSecond: batchResult.events / (batchResult.seconds + drainSeconds) });

    const singleResult = await runLoad({ url, writeKey, seconds: singleSeconds, concurrency: singleConcurrency, batchSize: 1, idPrefix: 'single' });
    await waitForPipeline(url, adminToken);
    const rssMb = rss.stop();
    log({ name: 'ingest-single-track', requestsPerSecond: singleResult.requestsPerSecond, p50Ms: singleResult.p50Ms, p99Ms: singleResult.p99Ms, errors: singleResult.errors, baselineRequestsPerSecond: baselineSingle.requestsPerSecond, target: 5000 });

    const stats = (await (await fetch(`${url}/api/stats`, { headers: { Authorization: `Bearer ${adminToken}` } })).json()) as { totalEvents: number };
    const expected = batchResult.events + singleResult.events;
    if (stats.totalEvents !== expected) log({ name: 'ingest-check', ok: false, acknowledged: expected, stored: stats.totalEvents });
    log({
      name: 'ingest',
      eventsPerSecond: Math.round(batchResult.eventsPerSecond),
      p50Ms: round(batchResult.p50Ms),
      p99Ms: round(batchResult.p99Ms),
      rssMb: Math.round(rssMb),
      baselineEventsPerSecond: Math.round(baselineResult.eventsPerSecond),
      ratio: round(batchResult.eventsPerSecond / baselineResult.eventsPerSecond),
      singleTrackRequestsPerSecond: Math.round(singleResult.requestsPerSecond),
      baselineSingleRequestsPerSecond: Math.round(baselineSingle.requestsPerSecond),
      pipelineEventsPerSecond: Math.round(batchResult.events / (batchResult.seconds + drainSeconds)),
      storedEqualsAcknowledged: stats.totalEvents === expected,
    });
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}


function runLoad(opts: { url: string; writeKey: string; seconds: number; concurrency: number; batchSize: number; idPrefix: string }): Promise<LoadResult> {
  const child = spawn(process.execPath, [...TSX, path.join(ROOT, 'bench/load.ts'), JSON.stringify(opts)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return firstLine(child).then((line) => JSON.parse(line) as LoadResult);
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function waitForPipeline(url: string, adminToken: string): Promise<void> {
  for (;;) {
    const stats = (await (await fetch(`${url}/api/stats`, { headers: { Authorization: `Bearer ${adminToken}` } })).json()) as { pipelineLag: number };
    if (stats.pipelineLag === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Peak resident memory of a process, sampled from /proc every 250 ms. */
function sampleRss(pid: number): { stop(): number } {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m?.[1]) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      /* process gone */
    }
  };
  const timer = setInterval(read, 250);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}
