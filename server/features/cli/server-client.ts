import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { RunningServer, Stores } from '../../main.ts';
import type { StateStore } from '../../storage/state/state-store.ts';
import { KeysService } from '../workspaces/keys.service.ts';

/** What the data commands (import, export, demo) need from the composition root and the terminal. */
export interface CommandContext {
  config: Config;
  openStores: (config: Config) => Promise<Stores>;
  /** The state store alone: SQLite may be opened next to a running server, DuckDB may not. */
  openState: (config: Config) => Promise<StateStore>;
  startServer: (config: Config) => Promise<RunningServer>;
  log: Logger;
  /** Results and summaries. */
  out: NodeJS.WritableStream;
  /** Progress bars and notes. */
  err: NodeJS.WritableStream;
}

/** Where data goes: the HTTP API of a running server, or the data files opened in this process. */
export type Target = { mode: 'http'; url: string } | { mode: 'direct' };

/**
 * Finds the server to talk to. An explicit URL must answer; otherwise the configured port on this
 * machine is tried, and with no server there the command opens the data files itself (DuckDB allows
 * only one process per file, so a running server must do the writing).
 */
export async function findTarget(opts: { url?: string; direct?: boolean; config: Config }): Promise<Target> {
  if (opts.direct) return { mode: 'direct' };
  if (opts.url) {
    const url = opts.url.replace(/\/+$/, '');
    if (!(await isKundresa(url))) throw new Error(`No Kundresa server answers at ${url} (GET /api/health). Start it, or leave out --url to work on the local data files.`);
    return { mode: 'http', url };
  }
  const url = defaultServerUrl(opts.config);
  return (await isKundresa(url)) ? { mode: 'http', url } : { mode: 'direct' };
}

/** The URL a local `kundresa start` with this configuration listens on. */
export function defaultServerUrl(config: Config): string {
  // Probe IPv4 loopback for wildcard binds: "localhost" may resolve to ::1, which a 0.0.0.0 server does not serve.
  const host = config.host === '0.0.0.0' || config.host === '::' || config.host === 'localhost' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

async function isKundresa(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return false;
    const body = (await res.json()) as { ok?: unknown };
    return body.ok === true;
  } catch {
    return false;
  }
}

/**
 * The write key for a running server: the flag, then KUNDRESA_WRITE_KEY, then the first active key in
 * the state store (readable next to a running server; write keys are stored in clear by design).
 */
export async function resolveWriteKey(opts: { writeKey?: string; ctx: CommandContext }): Promise<string> {
  if (opts.writeKey) return opts.writeKey;
  if (opts.ctx.config.initialWriteKey) return opts.ctx.config.initialWriteKey;
  const { databaseUrl, dataDir } = opts.ctx.config;
  // Opening the embedded state store would create an empty one (say, when --url names a remote server).
  if (!databaseUrl && !fs.existsSync(path.join(dataDir, 'state.sqlite'))) {
    throw new Error(`No write key: pass --write-key or set KUNDRESA_WRITE_KEY (there is no local state store in ${dataDir} to read one from).`);
  }
  let state: StateStore;
  try {
    state = await opts.ctx.openState(opts.ctx.config);
  } catch (err) {
    throw new Error(`No write key: pass --write-key or set KUNDRESA_WRITE_KEY (the state store could not be read: ${err instanceof Error ? err.message : String(err)}).`, { cause: err });
  }
  try {
    const ws = await state.db.selectFrom('workspaces').select('id').orderBy('created_at').limit(1).executeTakeFirst();
    const keys = ws ? await new KeysService(state.db).list(ws.id) : [];
    const key = keys.find((k) => k.kind === 'write' && k.revokedAt === null && k.writeKey !== null)?.writeKey;
    if (!key) throw new Error('No write key: pass --write-key or set KUNDRESA_WRITE_KEY (none found in the local state store).');
    return key;
  } finally {
    await state.close();
  }
}

/** The first workspace of the opened stores, or null when nothing was ever stored. */
export async function firstWorkspace(stores: Stores): Promise<string | null> {
  const ws = await stores.state.db.selectFrom('workspaces').select('id').orderBy('created_at').limit(1).executeTakeFirst();
  return ws?.id ?? null;
}

/**
 * Opens the data files for a command that found no server. A server started meanwhile (or on another
 * port) holds the DuckDB file; say so instead of DuckDB's lock message.
 */
export async function openStoresDirect(ctx: CommandContext): Promise<Stores> {
  try {
    return await ctx.openStores(ctx.config);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/lock/i.test(message)) {
      throw new Error(`The data files in ${ctx.config.dataDir} are in use by another process, probably a running Kundresa server. Pass its address with --url. (${message})`, { cause: err });
    }
    throw err;
  }
}
