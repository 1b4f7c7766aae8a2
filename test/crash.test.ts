import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventItem, ProfileDetail, ProfileList, Stats } from '../common/api.ts';
import { createLogger } from '../server/logger.ts';
import { Pipeline } from '../server/features/pipeline/pipeline.service.ts';
import { DuckDbEventStore } from '../server/storage/events/duckdb-event-store.ts';
import type { EventRow, EventStore } from '../server/storage/events/event-store.ts';
import { PostgresEventStore } from '../server/storage/events/postgres-event-store.ts';
import { testEngines } from './helpers/server.ts';
import { openTestStores, type TestStores } from './helpers/stores.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Durability: an acknowledged call survives kill -9 of the real server process, and a restart
 * neither loses nor doubles anything — in the event log or in the profiles derived from it.
 */
describe.each(testEngines())('kill -9 of the server process on %s storage', (engine) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('keeps every acknowledged call exactly once across three kills and a graceful restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-crash-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const databaseUrl = engine === 'postgres' ? await createDatabase(cleanups) : undefined;
    const writeKey = `wk_crash_${crypto.randomBytes(6).toString('hex')}`;
    const adminToken = `kra_crash_${crypto.randomBytes(12).toString('hex')}`;
    const env = { KUNDRESA_DATA_DIR: dataDir, KUNDRESA_WRITE_KEY: writeKey, KUNDRESA_ADMIN_TOKEN: adminToken, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };

    const sent = new Set<string>();
    const acked = new Set<string>();
    const identified = new Map<string, string>(); // acknowledged identify calls: anonymousId → userId
    // Kill points spread over a load run: early, middle, late (plus jitter), so the kill lands in
    // different phases of group commit, state transaction and event-store write.
    for (const [round, killAfterMs] of [120, 450, 900].entries()) {
      const proc = await startProcess(env);
      cleanups.push(() => proc.kill());
      const load = runLoad({ url: proc.url, writeKey, round, sent, acked, identified });
      await load.started;
      await sleep(killAfterMs + Math.floor(Math.random() * 150));
      proc.kill();
      await load.done;
      expect(load.errors(), proc.output()).toEqual([]);
      expect(load.acknowledgedInRound()).toBeGreaterThan(0);
    }

    // A last round without a kill, stopped with SIGTERM: a graceful stop loses nothing either.
    const proc = await startProcess(env);
    cleanups.push(() => proc.kill());
    const last = runLoad({ url: proc.url, writeKey, round: 3, sent, acked, identified, maxRequestsPerSender: 40 });
    await last.done;
    expect(last.errors()).toEqual([]);
    await proc.stop();

    const final = await startProcess(env);
    cleanups.push(() => final.kill());
    const api = <T>(p: string) => adminGet<T>(final.url, adminToken, p);
    await waitFor(async () => (await api<Stats>('/api/stats')).pipelineLag === 0, 60_000, 'the pipeline to catch up after the restart');

    const exported = await exportEvents(final.url, adminToken);
    const counts = new Map<string, number>();
    for (const e of exported) counts.set(e.messageId, (counts.get(e.messageId) ?? 0) + 1);
    const lost = [...acked].filter((id) => !counts.has(id));
    const doubled = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    const unknown = [...counts.keys()].filter((id) => !sent.has(id));
    expect(lost, `acknowledged but lost (of ${acked.size})`).toEqual([]);
    expect(doubled, 'stored more than once').toEqual([]);
    expect(unknown, 'never sent').toEqual([]);
    expect(acked.size).toBeGreaterThan(300);

    // The profiles derived from the log agree with it: every stored event counted once, in one profile.
    const stats = await api<Stats>('/api/stats');
    expect(stats.totalEvents).toBe(exported.length);
    let counted = 0;
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const list: ProfileList = await api<ProfileList>(`/api/profiles?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      counted += list.profiles.reduce((sum, p) => sum + p.eventCount, 0);
      cursor = list.nextCursor;
      if (!cursor) break;
    }
    expect(counted).toBe(exported.length);
    // Identities survived too: every acknowledged identify joined its anonymous id to its user.
    for (const [anonymousId, userId] of identified) {
      const [a, u] = await Promise.all([api<ProfileDetail>(`/api/profiles/${anonymousId}`), api<ProfileDetail>(`/api/profiles/${userId}`)]);
      expect(a.id, `${anonymousId} and ${userId}`).toBe(u.id);
    }
    // Every event's profile exists (no event points at a profile the state store does not know).
    const profileIds = new Set(exported.map((e) => e.profileId));
    for (const id of [...profileIds].slice(0, 50)) expect((await api<ProfileDetail>(`/api/profiles/${id}`)).id).toBe(id);
    // Four server starts under load: about 20 s on a quiet 2-core box, more on a busy one.
  }, 180_000);
});

/**
 * The recovery path itself: the event store behind the state store (a crash between their commits).
 * Two event stores share one state store: whichever falls behind is caught up by re-deriving from
 * the state store, and must end up with exactly what the normal path writes.
 */
describe.each(testEngines())('pipeline recovery when the event store is behind on %s storage', (engine) => {
  let s: TestStores;
  let second: EventStore;
  let secondDir: string;
  afterEach(async () => {
    await second.close();
    await s.close();
    fs.rmSync(secondDir, { recursive: true, force: true });
  });

  it('re-derives the missing events and merges exactly as the normal path applies them', async () => {
    s = await openTestStores(engine);
    secondDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-events-'));
    const url = process.env.KUNDRESA_TEST_DATABASE_URL;
    second =
      engine === 'postgres' && url
        ? await PostgresEventStore.open({ databaseUrl: url, schema: `t_${crypto.randomBytes(6).toString('hex')}` })
        : await DuckDbEventStore.open(secondDir);
    const log = createLogger('silent');
    const pipelineOver = (events: EventStore) => new Pipeline({ state: s.stores.state, events, log, batchSize: 7 });
    const A = s.stores.events;
    const B = second;

    // Part 1, applied normally to A only.
    await s.append(
      [
        { type: 'page', anonymousId: 'anon-1', messageId: 'p1-1' },
        { type: 'track', anonymousId: 'anon-1', event: 'Product Viewed', messageId: 'p1-2' },
        { type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' }, messageId: 'p1-3' },
        { type: 'page', anonymousId: 'anon-2', messageId: 'p1-4' },
        { type: 'identify', userId: 'bo', anonymousId: 'anon-3', messageId: 'p1-5' },
        { type: 'track', userId: 'bo', event: 'Order Completed', messageId: 'p1-6' },
      ],
      { perCall: true },
    );
    await pipelineOver(A).drain();
    expect(await B.position()).toBe(0);
    const part1 = await A.position();
    expect(part1).toBeGreaterThan(0);

    // Part 2, with merges that re-point part 1's events and duplicates of part 1, applied to B only:
    // B first catches up on part 1 (re-derived), then applies part 2 normally. A is now behind.
    await s.append(
      [
        { type: 'identify', userId: 'ada', anonymousId: 'anon-1', messageId: 'p2-1' },
        { type: 'alias', previousId: 'anon-2', userId: 'ada', messageId: 'p2-2' },
        { type: 'track', userId: 'bo', event: 'Order Completed', messageId: 'p1-6' },
        { type: 'track', userId: 'cy', anonymousId: 'anon-3', event: 'Signed In', messageId: 'p2-3' },
        { type: 'alias', previousId: 'bo', userId: 'ada', messageId: 'p2-4' },
        { type: 'track', anonymousId: 'anon-9', event: 'Cart Viewed', messageId: 'p2-5' },
        { type: 'track', anonymousId: 'anon-9', event: 'Cart Viewed', messageId: 'p2-5' },
      ],
      { perCall: true },
    );
    await pipelineOver(B).drain();
    expect(await A.position()).toBe(part1);
    const head = await B.position();
    expect(head).toBeGreaterThan(part1);

    // A catches up on part 2 through the recovery path.
    await pipelineOver(A).drain();
    expect(await A.position()).toBe(head);

    const key = (e: EventRow) => `${e.seq} ${e.messageId} ${e.type} ${e.event ?? ''} ${e.profileId}`;
    const [a, b] = await Promise.all([exportAll(A, s.workspaceId), exportAll(B, s.workspaceId)]);
    expect(a.map(key)).toEqual(b.map(key));
    expect(a.map((e) => e.messageId).sort()).toEqual(['p1-1', 'p1-2', 'p1-3', 'p1-4', 'p1-5', 'p1-6', 'p2-1', 'p2-2', 'p2-3', 'p2-4', 'p2-5']);

    // And both agree with the state store: ada's profile holds everything of anon-1, anon-2 and bo.
    const ada = await s.profiles.find(s.workspaceId, 'ada');
    const cy = await s.profiles.find(s.workspaceId, 'cy');
    if (!ada || !cy) throw new Error('profiles missing');
    for (const store of [A, B]) {
      const timeline = await store.profileEvents({ workspaceId: s.workspaceId, profileId: ada.id, limit: 100 });
      expect(timeline.map((e) => e.messageId).sort()).toEqual(['p1-1', 'p1-2', 'p1-3', 'p1-4', 'p1-5', 'p1-6', 'p2-1', 'p2-2', 'p2-4']);
      const cyTimeline = await store.profileEvents({ workspaceId: s.workspaceId, profileId: cy.id, limit: 100 });
      expect(cyTimeline.map((e) => e.messageId)).toEqual(['p2-3']);
    }
    expect(ada.eventCount).toBe(9);
  });
});

// ---------------------------------------------------------------------------------------------------

interface ServerProcess {
  url: string;
  output(): string;
  /** SIGKILL: no chance to flush or close anything. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful shutdown path. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `node --import tsx server/main.ts start` as its own process and waits until it answers. */
async function startProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const baseEnv = { ...process.env };
  delete baseEnv.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', 'start'], {
    cwd: ROOT,
    env: { ...baseEnv, ...env, PORT: String(port), HOST: '127.0.0.1', KUNDRESA_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) throw new Error(`the server exited during start-up:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer within 60 s:\n${out}`);
    }
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  return {
    url,
    output: () => out,
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      expect(child.signalCode === 'SIGKILL' ? 'killed after 30 s' : 'stopped', out).toBe('stopped');
    },
  };
}

/**
 * Several concurrent senders, each alternating batches and single calls with unique messageIds,
 * until the server goes away or each has sent `maxRequestsPerSender` requests.
 */
function runLoad(opts: {
  url: string;
  writeKey: string;
  round: number;
  sent: Set<string>;
  acked: Set<string>;
  identified: Map<string, string>;
  maxRequestsPerSender?: number;
}): { started: Promise<void>; done: Promise<void>; errors(): string[]; acknowledgedInRound(): number } {
  const senders = 4;
  const max = opts.maxRequestsPerSender ?? 2_000;
  const auth = `Basic ${Buffer.from(`${opts.writeKey}:`).toString('base64')}`;
  const errors: string[] = [];
  let ackedInRound = 0;
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((r) => (markStarted = r));

  const sender = async (i: number) => {
    for (let n = 0; n < max; n++) {
      const calls: Record<string, unknown>[] = [];
      const count = n % 3 === 2 ? 1 : 5 + ((n * 7 + i) % 30);
      for (let k = 0; k < count; k++) {
        const j = (n * 31 + k) % 25;
        const messageId = `r${opts.round}-s${i}-${n}-${k}`;
        const userId = `u-${i}-${j}`;
        const anonymousId = `a-${i}-${j}`;
        if (k % 5 === 0) calls.push({ type: 'identify', userId, anonymousId, traits: { n }, messageId });
        else if (k % 5 === 1) calls.push({ type: 'page', anonymousId, name: 'Home', messageId });
        else calls.push({ type: 'track', userId, event: 'Product Viewed', properties: { n, k }, messageId });
      }
      const single = calls.length === 1;
      const body = single ? calls[0] : { batch: calls };
      const endpoint = single ? `/v1/${String(calls[0]?.type)}` : '/v1/batch';
      for (const c of calls) opts.sent.add(String(c.messageId));
      let res: Response;
      try {
        res = await fetch(opts.url + endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: auth }, body: JSON.stringify(body) });
        await res.arrayBuffer();
      } catch {
        return; // the server is gone: whatever was in flight is unacknowledged
      }
      if (res.status === 429) {
        await sleep(50);
        continue;
      }
      if (res.status !== 200) {
        errors.push(`${endpoint} → ${res.status}`);
        return;
      }
      for (const c of calls) {
        opts.acked.add(String(c.messageId));
        if (c.type === 'identify') opts.identified.set(String(c.anonymousId), String(c.userId));
      }
      ackedInRound += calls.length;
      if (ackedInRound >= 50) markStarted();
    }
  };
  const done = Promise.all(Array.from({ length: senders }, (_, i) => sender(i))).then(() => markStarted());
  return { started, done, errors: () => errors, acknowledgedInRound: () => ackedInRound };
}

async function adminGet<T>(url: string, token: string, p: string): Promise<T> {
  const res = await fetch(url + p, { headers: { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${p} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function exportEvents(url: string, token: string): Promise<EventItem[]> {
  const res = await fetch(`${url}/api/export/events?format=ndjson`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EventItem);
}

async function exportAll(store: EventStore, workspaceId: string): Promise<EventRow[]> {
  const rows: EventRow[] = [];
  await store.exportEvents(workspaceId, (page) => {
    rows.push(...page);
  });
  return rows;
}

/** A fresh database for a server process (which uses the default schema), dropped afterwards. */
async function createDatabase(cleanups: (() => Promise<void> | void)[]): Promise<string> {
  const base = process.env.KUNDRESA_TEST_DATABASE_URL;
  if (!base) throw new Error('KUNDRESA_TEST_DATABASE_URL is not set');
  const name = `kundresa_crash_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
