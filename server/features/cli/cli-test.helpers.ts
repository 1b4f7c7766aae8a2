import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { type Config, loadConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { openStores, type RunningServer, startServer } from '../../main.ts';
import { openStateStore } from '../../storage/state/state-store.ts';
import type { CommandContext } from './server-client.ts';
import { settleServer } from '../../../test/helpers/server.ts';

/** Test support for the CLI data commands (import, export, demo); not used by the product. */

export type TestEngine = 'embedded' | 'postgres';

/** Fresh storage for one engine: a temp data dir, plus a fresh schema on PostgreSQL. */
export interface TestStorage {
  engine: TestEngine;
  dataDir: string;
  pgSchema: string | undefined;
  /** Known keys: whatever creates the workspace first (a command or a server) creates it with these. */
  writeKey: string;
  adminToken: string;
  remove(): void;
}

/** A new empty data dir (and PostgreSQL schema name) with fresh keys. */
export function freshStorage(engine: TestEngine): TestStorage {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-cli-'));
  return {
    engine,
    dataDir,
    pgSchema: engine === 'postgres' ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined,
    writeKey: `wk_cli_${crypto.randomBytes(6).toString('hex')}`,
    adminToken: `kra_cli_${crypto.randomBytes(12).toString('hex')}`,
    remove: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A port nothing listens on, so "is a server running on PORT?" answers no. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** The configuration a CLI run over this storage would have (PORT set to a port without a server). */
export function storageConfig(s: TestStorage, opts: { port: number; withKeys?: boolean; overrides?: Partial<Config> }): Config {
  const databaseUrl = s.engine === 'postgres' ? process.env.KUNDRESA_TEST_DATABASE_URL : undefined;
  if (s.engine === 'postgres' && !databaseUrl) throw new Error('KUNDRESA_TEST_DATABASE_URL is not set');
  return loadConfig(
    {
      KUNDRESA_DATA_DIR: s.dataDir,
      PORT: String(opts.port),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...(opts.withKeys === false ? {} : { KUNDRESA_WRITE_KEY: s.writeKey, KUNDRESA_ADMIN_TOKEN: s.adminToken }),
    },
    { host: '127.0.0.1', logLevel: 'error', ...opts.overrides },
  );
}

/** A command context over `config` with captured output. */
export function testContext(s: TestStorage, config: Config): { ctx: CommandContext; stdout: () => string; stderr: () => string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let outText = '';
  let errText = '';
  out.on('data', (d: Buffer) => (outText += d.toString('utf8')));
  err.on('data', (d: Buffer) => (errText += d.toString('utf8')));
  const log = createLogger('error');
  return {
    ctx: {
      config,
      openStores: (c) => openStores(c, { pgSchema: s.pgSchema }),
      openState: (c) => openStateStore({ databaseUrl: c.databaseUrl, dataDir: c.dataDir, schema: s.pgSchema }),
      startServer: (c) => startServer(c, { pgSchema: s.pgSchema, log }),
      log,
      out,
      err,
    },
    stdout: () => outText,
    stderr: () => errText,
  };
}

/** A server over existing storage, with the storage's known admin token for admin API calls. */
export async function serveStorage(s: TestStorage): Promise<{ server: RunningServer; url: string; api<T>(p: string): Promise<T>; settle(): Promise<void>; close(): Promise<void> }> {
  const config = storageConfig(s, { port: 0 });
  const server = await startServer(config, { pgSchema: s.pgSchema, log: createLogger('error') });
  return {
    server,
    url: server.url,
    async api<T>(p: string): Promise<T> {
      const res = await fetch(server.url + p, { headers: { Authorization: `Bearer ${s.adminToken}` } });
      const text = await res.text();
      if (!res.ok) throw new Error(`GET ${p} → ${res.status}: ${text}`);
      return JSON.parse(text) as T;
    },
    settle: () => settleServer(server, 20_000),
    close: () => server.close(),
  };
}

const tempDirs: string[] = [];

/** Writes a file into a fresh temp dir and returns its path; `removeTempFiles` deletes them all. */
export function writeTemp(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-import-'));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Deletes every file written with `writeTemp` in this test file. */
export function removeTempFiles(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
