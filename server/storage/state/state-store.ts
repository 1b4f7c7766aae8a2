import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { searchPathOption } from '../pg-schema.ts';
import { migrateState } from './migrations.ts';
import type { StateDatabase } from './schema.ts';

// int8 (bigint) columns hold epoch milliseconds and sequence numbers, all far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/** The state store: Kysely over SQLite (embedded default) or PostgreSQL, plus the raw handle for hot paths. */
export type StateStore =
  | { dialect: 'sqlite'; db: Kysely<StateDatabase>; sqlite: Database.Database; inboxFile: string; close(): Promise<void> }
  | { dialect: 'postgres'; db: Kysely<StateDatabase>; pool: pg.Pool; close(): Promise<void> };

/** Opens (and migrates) the state store chosen by the configuration. */
export async function openStateStore(opts: { databaseUrl: string | undefined; dataDir: string; schema?: string }): Promise<StateStore> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10, ...searchPathOption(opts.schema) });
    if (opts.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
    const db = new Kysely<StateDatabase>({ dialect: new PostgresDialect({ pool }) });
    await migrateState(db, 'postgres', opts.schema);
    return { dialect: 'postgres', db, pool, close: () => db.destroy() };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const sqlite = new Database(path.join(opts.dataDir, 'state.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  // FULL, although everything here is derived from the inbox and replayed after a crash: DuckDB commits
  // durably, and after a power loss the state store must not come back behind the event store (the
  // pipeline only replays an event store that is behind). The fsync costs about a microsecond per event.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  // The inbox lives in its own file, attached here for reading. Its writer (another connection, on
  // another thread) then never waits for the pipeline's transactions on state.sqlite: SQLite allows one
  // writer per database file, and its busy handler sleeps for milliseconds when it loses.
  const inboxFile = path.join(opts.dataDir, 'inbox.sqlite');
  const inbox = new Database(inboxFile);
  inbox.pragma('journal_mode = WAL');
  inbox.exec(
    'CREATE TABLE IF NOT EXISTS inbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, workspace_id TEXT NOT NULL, received_at BIGINT NOT NULL, payload TEXT NOT NULL)',
  );
  inbox.close();
  sqlite.prepare('ATTACH DATABASE ? AS inbox_db').run(inboxFile);
  const db = new Kysely<StateDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateState(db, 'sqlite');
  return { dialect: 'sqlite', db, sqlite, inboxFile, close: () => db.destroy() };
}

