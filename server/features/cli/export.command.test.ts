import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventItem, Stats } from '../../../common/api.ts';
import { startTestServer, testEngines, type TestServer } from '../../../test/helpers/server.ts';
import { generateDemoCalls } from '../demo/demo-generator.ts';
import { freePort, storageConfig, type TestStorage, testContext } from './cli-test.helpers.ts';
import { runExport } from './export.command.ts';
import { runImport } from './import.command.ts';

/** What an event is, independent of where it was stored (sequence, profile and arrival differ). */
const portable = (e: EventItem) => ({ messageId: e.messageId, type: e.type, event: e.event, name: e.name, userId: e.userId, anonymousId: e.anonymousId, timestamp: e.timestamp, properties: e.properties, context: e.context, traits: e.traits });
const readNdjson = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as EventItem);
const byMessageId = <T extends { messageId: string }>(rows: T[]) => [...rows].sort((a, b) => a.messageId.localeCompare(b.messageId));

/** The Parquet columns on every engine (the embedded store's own layout). */
const PARQUET_COLUMNS = ['seq', 'workspace_id', 'message_id', 'type', 'event', 'name', 'user_id', 'anonymous_id', 'ts', 'received_at', 'properties', 'context', 'traits', 'group_id', 'previous_id', 'profile_id'];

async function readParquet(file: string): Promise<{ count: number; messageIds: string[]; columns: string[]; rows: Record<string, unknown>[] }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const q = `'${file.replaceAll("'", "''")}'`;
    const rows = (await conn.runAndReadAll(`SELECT message_id, ts::DOUBLE AS ts, properties FROM read_parquet(${q}) ORDER BY message_id`)).getRowObjects();
    const count = Number((await conn.runAndReadAll(`SELECT COUNT(*) AS n FROM read_parquet(${q})`)).getRowObjects()[0]?.n);
    const columns = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${q})`)).getRowObjects().map((r) => String(r.column_name));
    return { count, messageIds: rows.map((r) => String(r.message_id)), columns, rows };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe.each(testEngines())('kundresa export events (%s)', (engine) => {
  let source: TestServer;
  let storage: TestStorage;
  let outDir: string;
  const calls = [...generateDemoCalls({ customers: 25, days: 14, seed: 11, end: Date.UTC(2026, 0, 15) })];

  beforeAll(async () => {
    const pgSchema = engine === 'postgres' ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-export-'));
    source = await startTestServer({ engine, pgSchema, dataDir });
    storage = { engine, dataDir, pgSchema, writeKey: source.writeKey, adminToken: source.adminToken, remove: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
    for (let i = 0; i < calls.length; i += 200) {
      const res = await source.ingest('batch', { batch: calls.slice(i, i + 200) });
      expect(res.status).toBe(200);
    }
    await source.settle();
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-export-out-'));
  });
  afterAll(async () => {
    await source.close();
    storage.remove();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('exports NDJSON from a running server, and the export imports into a fresh server as the same events', async () => {
    expect((await source.api<Stats>('/api/stats')).totalEvents).toBe(calls.length);
    const { ctx, stdout } = testContext(storage, storageConfig(storage, { port: await freePort() }));
    const file = path.join(outDir, 'a.ndjson');
    const exported = await runExport({ format: 'ndjson', out: file, url: source.url, adminToken: source.adminToken }, ctx);
    expect(exported).toMatchObject({ mode: 'http', rows: calls.length });
    expect(stdout()).toContain(`Exported ${calls.length.toLocaleString('en-US')} events`);
    const a = readNdjson(file);
    expect(a).toHaveLength(calls.length);
    expect(byMessageId(a).map((e) => [e.messageId, e.timestamp])).toEqual(byMessageId(calls).map((c) => [c.messageId, Date.parse(c.timestamp)]));

    const pgSchema = engine === 'postgres' ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
    const target = await startTestServer({ engine, pgSchema });
    try {
      const targetStorage: TestStorage = { engine, dataDir: target.dataDir, pgSchema, writeKey: target.writeKey, adminToken: target.adminToken, remove: () => undefined };
      const t = testContext(targetStorage, storageConfig(targetStorage, { port: await freePort() }));
      const imported = await runImport({ file, url: target.url, writeKey: target.writeKey, progress: false }, t.ctx);
      expect(imported).toMatchObject({ accepted: calls.length, badCount: 0 });
      await target.settle();
      const again = path.join(outDir, 'b.ndjson');
      await runExport({ format: 'ndjson', out: again, url: target.url, adminToken: target.adminToken }, t.ctx);
      expect(byMessageId(readNdjson(again)).map(portable)).toEqual(byMessageId(a).map(portable));
    } finally {
      await target.close();
    }
  });

  it('exports Parquet from a running server that DuckDB reads back with the right rows', async () => {
    const { ctx } = testContext(storage, storageConfig(storage, { port: await freePort() }));
    const file = path.join(outDir, 'events.parquet');
    const r = await runExport({ format: 'parquet', out: file, url: source.url, adminToken: source.adminToken }, ctx);
    expect(r.rows).toBe(calls.length);
    const back = await readParquet(file);
    expect(back.count).toBe(calls.length);
    expect(back.messageIds).toEqual(calls.map((c) => c.messageId).sort());
    expect(back.columns).toEqual(PARQUET_COLUMNS);
    const sent = new Map(calls.map((c) => [c.messageId, c]));
    for (const row of back.rows.slice(0, 50)) {
      const call = sent.get(String(row.message_id));
      expect(row.ts).toBe(Date.parse(call?.timestamp ?? ''));
      expect(JSON.parse(String(row.properties))).toEqual(call?.properties ?? {});
    }
  });

  it('refuses to export through a running server without an admin token', async () => {
    const { ctx } = testContext(storage, storageConfig(storage, { port: await freePort(), withKeys: false }));
    await expect(runExport({ format: 'ndjson', out: path.join(outDir, 'x.ndjson'), url: source.url }, ctx)).rejects.toThrow(/admin token/);
  });

  it('exports from the data files when no server runs (same rows as through the API)', async () => {
    await source.close();
    const { ctx } = testContext(storage, storageConfig(storage, { port: await freePort() }));
    const file = path.join(outDir, 'direct.ndjson');
    const r = await runExport({ format: 'ndjson', out: file }, ctx);
    expect(r).toMatchObject({ mode: 'direct', rows: calls.length });
    expect(byMessageId(readNdjson(file)).map(portable)).toEqual(byMessageId(readNdjson(path.join(outDir, 'a.ndjson'))).map(portable));
    const parquet = path.join(outDir, 'direct.parquet');
    const p = await runExport({ format: 'parquet', out: parquet }, ctx);
    expect(p.rows).toBe(calls.length);
    const back = await readParquet(parquet);
    expect(back.count).toBe(calls.length);
    expect(back.columns).toEqual(PARQUET_COLUMNS);
  });
});
