import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeParquet } from '../events/events.routes.ts';
import { secondsSince } from './progress.ts';
import { type CommandContext, findTarget, firstWorkspace, openStoresDirect } from './server-client.ts';

export type ExportFormat = 'ndjson' | 'parquet';

export interface ExportOptions {
  format: ExportFormat;
  /** Output file; `-` writes NDJSON to stdout. Default events.ndjson / events.parquet. */
  out?: string;
  url?: string;
  adminToken?: string;
  direct?: boolean;
}

export interface ExportResult {
  mode: 'http' | 'direct';
  file: string;
  rows: number;
  seconds: number;
}

/**
 * Exports every event of the workspace: streamed from a running server's GET /api/export/events
 * (with an admin token), or read from the local stores when no server runs. Same rows either way.
 */
export async function runExport(opts: ExportOptions, ctx: CommandContext): Promise<ExportResult> {
  const toStdout = opts.out === '-';
  if (toStdout && opts.format === 'parquet') throw new Error('Parquet cannot go to stdout; give a file with --out.');
  const file = toStdout ? '-' : path.resolve(opts.out ?? `events.${opts.format}`);
  const target = await findTarget({ url: opts.url, direct: opts.direct, config: ctx.config });
  const startedAt = Date.now();
  let rows: number;
  if (target.mode === 'http') {
    const token = opts.adminToken ?? ctx.config.initialAdminToken;
    if (!token) throw new Error(`A server runs at ${target.url}; exporting through it needs an admin token: pass --admin-token or set KUNDRESA_ADMIN_TOKEN.`);
    const res = await fetch(`${target.url}/api/export/events?format=${opts.format}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok || !res.body) {
      const text = await res.text().catch(() => '');
      throw new Error(`${target.url} answered ${res.status} to the export: ${text.slice(0, 300)}`);
    }
    const counter = new LineCounter();
    // stdout stays open: the summary goes to stderr after the data.
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), counter, output(file, ctx), { end: !toStdout });
    rows = opts.format === 'parquet' ? await countParquetRows(file) : counter.lines;
  } else {
    const stores = await openStoresDirect(ctx);
    try {
      const workspaceId = await firstWorkspace(stores);
      if (!workspaceId) throw new Error(`Nothing to export: no workspace in ${ctx.config.databaseUrl ? 'the database' : ctx.config.dataDir} yet.`);
      if (opts.format === 'parquet') {
        fs.rmSync(file, { force: true });
        await writeParquet(stores.events, workspaceId, file);
        rows = await countParquetRows(file);
      } else {
        const out = output(file, ctx);
        rows = await stores.events.exportEvents(workspaceId, async (page) => {
          if (!out.write(page.map((r) => JSON.stringify(r)).join('\n') + '\n')) await new Promise((r) => out.once('drain', r));
        });
        if (!toStdout) await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      }
    } finally {
      await stores.close();
    }
  }
  const result: ExportResult = { mode: target.mode, file, rows, seconds: secondsSince(startedAt) };
  const summary = `Exported ${rows.toLocaleString('en-US')} events to ${toStdout ? 'stdout' : file} in ${result.seconds} s${target.mode === 'http' ? ` (from ${target.url})` : ''}.\n`;
  // With NDJSON on stdout, the summary must not mix into the data.
  (toStdout ? ctx.err : ctx.out).write(summary);
  return result;
}

function output(file: string, ctx: CommandContext): Writable {
  if (file === '-') return ctx.out as Writable;
  return fs.createWriteStream(file);
}

/** Counts newline-terminated lines (NDJSON rows) while passing the bytes through. */
class LineCounter extends Transform {
  lines = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.lines++;
    done(null, chunk);
  }
}

/** Reads the row count from a Parquet file's metadata with an in-memory DuckDB. */
async function countParquetRows(file: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(`SELECT COUNT(*) AS n FROM read_parquet('${file.replaceAll("'", "''")}')`);
    return Number(reader.getRowObjects()[0]?.n ?? 0);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** `kundresa export events` */
export function registerExportCommand(program: Command, deps: { context: () => CommandContext }): void {
  const exp = program.command('export').description('Export data');
  exp
    .command('events')
    .description('Export every event as NDJSON or Parquet (from a running server, else from the data files)')
    .option('--format <format>', 'ndjson or parquet', 'ndjson')
    .option('--out <file>', 'output file, or - for stdout (NDJSON only); default events.ndjson / events.parquet')
    .option('--url <url>', 'a running Kundresa server (default: the local one on PORT, else the data files directly)')
    .option('--admin-token <token>', 'admin token for the server (default: KUNDRESA_ADMIN_TOKEN)')
    .option('--direct', 'open the data files directly, without looking for a running server')
    .action(async (o: { format: string; out?: string; url?: string; adminToken?: string; direct?: boolean }) => {
      if (o.format !== 'ndjson' && o.format !== 'parquet') throw new Error('--format must be ndjson or parquet');
      await runExport({ format: o.format, out: o.out, url: o.url, adminToken: o.adminToken, direct: o.direct }, deps.context());
    });
}
