import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CallType, normaliseCall } from '../../common/segment.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { openStores, type Stores } from '../../server/main.ts';
import { InboxWriter } from '../../server/features/ingestion/inbox.repository.ts';
import { Pipeline } from '../../server/features/pipeline/pipeline.service.ts';
import { ProfilesRepository } from '../../server/features/profiles/profiles.repository.ts';
import { KeysService } from '../../server/features/workspaces/keys.service.ts';
import type { Engine } from './server.ts';

/** Opened stores of one engine with a workspace, the real inbox writer and a pipeline (no HTTP, no loop). */
export interface TestStores {
  engine: Engine;
  stores: Stores;
  workspaceId: string;
  inbox: InboxWriter;
  profiles: ProfilesRepository;
  dataDir: string;
  pgSchema: string | undefined;
  /** A pipeline over these stores; `batchSize` decides how many inbox rows one step takes. */
  pipeline(opts?: { batchSize?: number }): Pipeline;
  /**
   * Validates raw Segment calls as the ingestion API does and appends them durably to the inbox as
   * one request (one inbox row), or with `perCall` as one request per call.
   */
  append(calls: (Record<string, unknown> & { type: CallType })[], opts?: { receivedAt?: number; perCall?: boolean }): Promise<void>;
  /** Closes the stores (and deletes the temp dir unless `keepData`). */
  close(opts?: { keepData?: boolean }): Promise<void>;
  /** Opens the same storage again, as a restarted process would. */
  reopen(): Promise<TestStores>;
}

/** Opens fresh stores on `engine`: a temp data dir (SQLite + DuckDB) or a fresh PostgreSQL schema. */
export async function openTestStores(engine: Engine, existing?: { dataDir: string; pgSchema: string | undefined }): Promise<TestStores> {
  const dataDir = existing?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-stores-'));
  const databaseUrl = engine === 'postgres' ? process.env.KUNDRESA_TEST_DATABASE_URL : undefined;
  if (engine === 'postgres' && !databaseUrl) throw new Error('KUNDRESA_TEST_DATABASE_URL is not set');
  const pgSchema = engine === 'postgres' ? (existing?.pgSchema ?? `t_${crypto.randomBytes(6).toString('hex')}`) : undefined;
  const config = loadConfig({ KUNDRESA_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const stores = await openStores(config, { pgSchema });
  const { workspaceId } = await new KeysService(stores.state.db).bootstrap({});
  const inbox = new InboxWriter(stores.state, { commitIntervalMs: 1 });
  const log = createLogger(process.env.KUNDRESA_TEST_LOG === '1' ? 'debug' : 'error');
  let counter = 0;
  const self: TestStores = {
    engine,
    stores,
    workspaceId,
    inbox,
    profiles: new ProfilesRepository(stores.state.db),
    dataDir,
    pgSchema,
    pipeline: (opts = {}) => new Pipeline({ state: stores.state, events: stores.events, log, batchSize: opts.batchSize }),
    async append(calls, opts = {}) {
      const receivedAt = opts.receivedAt ?? Date.now();
      const payloads = calls.map((raw) => {
        const r = normaliseCall(structuredClone(raw), { receivedAt, newMessageId: () => `gen-${++counter}-${crypto.randomUUID()}` });
        if (!r.ok) throw new Error(`invalid test call ${JSON.stringify(raw)}: ${r.message}`);
        return JSON.stringify(r.event);
      });
      const requests = opts.perCall ? payloads.map((p) => [p]) : [payloads];
      // Appended one after another, as requests answered one after another would be.
      for (const r of requests) await inbox.append({ workspaceId, receivedAt, payload: `[${r.join(',')}]` });
    },
    async close(closeOpts = {}) {
      await inbox.close();
      await stores.close();
      if (!closeOpts.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
    reopen: () => openTestStores(engine, { dataDir, pgSchema }),
  };
  return self;
}
