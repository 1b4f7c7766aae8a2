import path from 'node:path';
import type { Command } from 'commander';
import { normaliseCall } from '../../../common/segment.ts';
import type { Stores } from '../../main.ts';
import { KeysService } from '../workspaces/keys.service.ts';
import { type CallSender, HttpCallSender, InboxCallSender, type Rejection } from './call-senders.ts';
import { type ImportFormat, type ImportKind, inspectImportFile, readImportRows } from './import-reader.ts';
import { fmt, rate, secondsSince, startProgress } from './progress.ts';
import { type CommandContext, findTarget, openStoresDirect, resolveWriteKey } from './server-client.ts';

export interface ImportOptions {
  file: string;
  kind?: ImportKind;
  /** A running server; without it the default local port is tried, then the data files. */
  url?: string;
  writeKey?: string;
  /** Open the data files without looking for a server. */
  direct?: boolean;
  /** The file's identity in generated messageIds; default its base name. */
  source?: string;
  progress?: boolean;
}

export interface ImportResult {
  mode: 'http' | 'direct';
  target: string;
  kind: ImportKind;
  format: ImportFormat;
  /** Data rows read (header and empty lines not counted). */
  rows: number;
  /** Calls acknowledged as durable (rows imported before are among them and stored once). */
  accepted: number;
  /** Skipped rows in line order: the first 1000. */
  bad: Rejection[];
  badCount: number;
  seconds: number;
}

const MAX_REPORTED = 1000;
const MAX_PRINTED = 50;

/**
 * Imports a CSV or NDJSON file as profiles (identify calls) or events: through a running server's
 * ingestion API when one answers, else straight into the local stores with the same validation.
 */
export async function runImport(opts: ImportOptions, ctx: CommandContext): Promise<ImportResult> {
  const plan = await inspectImportFile({ file: opts.file, kind: opts.kind, source: opts.source });
  const target = await findTarget({ url: opts.url, direct: opts.direct, config: ctx.config });
  const bad: Rejection[] = [];
  let badCount = 0;
  const reject = (r: Rejection) => {
    badCount++;
    if (bad.length < MAX_REPORTED) bad.push(r);
  };
  const startedAt = Date.now();
  let rows = 0;
  let stores: Stores | undefined;
  let sender: CallSender;
  let direct: InboxCallSender | undefined;
  let where: string;
  if (target.mode === 'http') {
    const writeKey = await resolveWriteKey({ writeKey: opts.writeKey, ctx });
    sender = new HttpCallSender({ url: target.url, writeKey, onRejected: reject });
    where = `the server at ${target.url}`;
  } else {
    stores = await openStoresDirect(ctx);
    const { workspaceId, created } = await new KeysService(stores.state.db).bootstrap({ writeKey: ctx.config.initialWriteKey, adminToken: ctx.config.initialAdminToken });
    if (created) ctx.out.write(`Created workspace ${workspaceId}\n  write key:   ${created.writeKey}\n  admin token: ${created.adminToken}  (shown only now)\n`);
    direct = new InboxCallSender({ stores, workspaceId, maxEventBytes: ctx.config.maxEventBytes, commitIntervalMs: ctx.config.commitIntervalMs, onRejected: reject });
    sender = direct;
    where = ctx.config.databaseUrl ? 'the PostgreSQL database (no server was running)' : `the data files in ${ctx.config.dataDir} (no server was running)`;
  }

  const bar = startProgress({
    enabled: opts.progress !== false,
    stream: ctx.err,
    format: `Importing ${path.basename(plan.file)} |{bar}| {percentage}% | {rows} rows | {rate} rows/s | {bad} bad`,
    total: Math.max(1, plan.size),
    payload: { rows: 0, rate: 0, bad: 0 },
  });
  let bytes = 0;
  const tick = () => bar.update(bytes, { rows: fmt(rows), rate: rate(rows, startedAt), bad: fmt(badCount) });
  try {
    for await (const row of readImportRows(plan, { onBytes: (n) => ((bytes = n), tick()) })) {
      rows++;
      if ('error' in row) {
        reject({ line: row.line, reason: row.error });
        continue;
      }
      // The same validation the ingestion API applies, here so bad rows are reported with their line.
      const r = normaliseCall(row.call, { receivedAt: Date.now(), newMessageId: () => '' });
      if (!r.ok) {
        reject({ line: row.line, reason: r.message });
        continue;
      }
      await sender.add({ line: row.line, call: row.call, stored: r.event });
    }
    await sender.finish();
    tick();
    bar.stop();
    if (direct) {
      const processing = startProgress({ enabled: opts.progress !== false, stream: ctx.err, format: 'Processing |{bar}| {percentage}% | {value}/{total} inbox rows', total: 1, payload: {} });
      try {
        await direct.process({ log: ctx.log, onProgress: (done, total) => (processing.setTotal(Math.max(1, total)), processing.update(done)) });
      } finally {
        processing.stop();
      }
    }
  } finally {
    bar.stop();
    await stores?.close();
  }

  bad.sort((a, b) => a.line - b.line);
  const result: ImportResult = { mode: target.mode, target: target.mode === 'http' ? target.url : ctx.config.dataDir, kind: plan.kind, format: plan.format, rows, accepted: sender.accepted, bad, badCount, seconds: secondsSince(startedAt) };
  printSummary(ctx, { result, file: plan.file, where });
  return result;
}

function printSummary(ctx: CommandContext, s: { result: ImportResult; file: string; where: string }): void {
  const r = s.result;
  const lines = [
    `Imported ${fmt(r.accepted)} ${r.kind === 'profiles' ? 'profile' : 'event'} row${r.accepted === 1 ? '' : 's'} of ${fmt(r.rows)} from ${s.file} into ${s.where} in ${r.seconds} s (${fmt(r.rows / Math.max(0.001, r.seconds))} rows/s).`,
  ];
  if (r.badCount > 0) {
    lines.push(`${fmt(r.badCount)} bad row${r.badCount === 1 ? ' was' : 's were'} skipped:`);
    for (const b of r.bad.slice(0, MAX_PRINTED)) lines.push(`  line ${b.line}: ${b.reason}`);
    if (r.badCount > MAX_PRINTED) lines.push(`  … and ${fmt(r.badCount - MAX_PRINTED)} more`);
  }
  lines.push('Rows keep their messageId across runs, so importing the same file again stores nothing twice.');
  ctx.out.write(`${lines.join('\n')}\n`);
}

/** `kundresa import <file>` */
export function registerImportCommand(program: Command, deps: { context: () => CommandContext; setExitCode: (code: number) => void }): void {
  program
    .command('import <file>')
    .description('Import profiles or events from a CSV or NDJSON file (exit code 2 when some rows were skipped)')
    .option('--kind <kind>', 'events or profiles (default: events for NDJSON and for CSV with an event/type column, else profiles)')
    .option('--url <url>', 'a running Kundresa server (default: the local one on PORT, else the data files directly)')
    .option('--write-key <key>', 'write key for the server (default: KUNDRESA_WRITE_KEY or the local state store)')
    .option('--source <name>', "the file's identity in generated messageIds (default: its file name); keep it when renaming a file")
    .option('--direct', 'open the data files directly, without looking for a running server')
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, o: { kind?: string; url?: string; writeKey?: string; source?: string; direct?: boolean; progress: boolean }) => {
      if (o.kind !== undefined && o.kind !== 'events' && o.kind !== 'profiles') throw new Error('--kind must be events or profiles');
      const result = await runImport({ file, kind: o.kind, url: o.url, writeKey: o.writeKey, source: o.source, direct: o.direct, progress: o.progress }, deps.context());
      if (result.badCount > 0) deps.setExitCode(2);
    });
}
