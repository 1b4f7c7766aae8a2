import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Transform, type TransformCallback } from 'node:stream';
import { type CsvError, type Options as CsvOptions, parse } from 'csv-parse';

/** What the import turns rows into: identify calls (profiles) or any Segment call (events). */
export type ImportKind = 'events' | 'profiles';
export type ImportFormat = 'csv' | 'ndjson';

/** One data row of the file: a Segment call ready to send, or why the row cannot become one. */
export type ImportRow = { line: number; call: Record<string, unknown> } | { line: number; error: string };

/** How to read one file; decided once by `inspectImportFile`. */
export interface ImportPlan {
  file: string;
  format: ImportFormat;
  kind: ImportKind;
  /** The file's identity in generated messageIds (see `MessageIdAssigner`). */
  source: string;
  /** CSV only. */
  delimiter: string;
  header: string[];
  size: number;
}

/** Column names compared without case, spaces, dashes or underscores: `user_id` = `userId` = `User ID`. */
const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_-]/g, '');
const PROFILE_ID_COLUMNS = ['userid', 'id', 'customerid', 'email'];
const EVENT_COLUMNS = new Set(['type', 'event', 'userid', 'anonymousid', 'timestamp', 'messageid']);

/**
 * Works out format, kind and (for CSV) header and delimiter. Kind defaults to events for NDJSON and for
 * a CSV with an `event` or `type` column, else profiles.
 */
export async function inspectImportFile(opts: { file: string; kind?: ImportKind; source?: string }): Promise<ImportPlan> {
  const stat = await fs.promises.stat(opts.file).catch(() => null);
  if (!stat?.isFile()) throw new Error(`No such file: ${opts.file}`);
  const head = await readHead(opts.file, 64 * 1024);
  const ext = path.extname(opts.file).toLowerCase();
  const format: ImportFormat = ext === '.csv' || ext === '.tsv' ? 'csv' : ext === '.ndjson' || ext === '.jsonl' || ext === '.json' ? 'ndjson' : head.trimStart().startsWith('{') ? 'ndjson' : 'csv';
  const source = opts.source ?? path.basename(opts.file);
  if (format === 'ndjson') return { file: opts.file, format, kind: opts.kind ?? 'events', source, delimiter: ',', header: [], size: stat.size };
  const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = ext === '.tsv' ? '\t' : sniffDelimiter(firstLine);
  const header = await parseHeader(firstLine, delimiter);
  if (header.length === 0 || header.every((h) => h.trim() === '')) throw new Error(`${opts.file}: the first line must be a header row naming the columns.`);
  const names = header.map(norm);
  const kind = opts.kind ?? (names.includes('event') || names.includes('type') ? 'events' : 'profiles');
  if (kind === 'profiles' && !PROFILE_ID_COLUMNS.some((c) => names.includes(c))) {
    throw new Error(`${opts.file}: a profiles CSV needs a userId column (userId, user_id, id, customer_id or email). Columns: ${header.join(', ')}`);
  }
  return { file: opts.file, format, kind, source, delimiter, header, size: stat.size };
}

/**
 * Reads the file row by row (streaming, constant memory apart from the messageId occurrence counts)
 * and yields Segment calls with line numbers; a row that cannot be read is yielded with the reason.
 * Every call gets a deterministic messageId unless it has one.
 */
export async function* readImportRows(plan: ImportPlan, opts: { onBytes?: (bytesRead: number) => void } = {}): AsyncGenerator<ImportRow> {
  const ids = new MessageIdAssigner(plan.kind, plan.source);
  const rows = plan.format === 'csv' ? readCsv(plan, opts.onBytes) : readNdjson(plan, opts.onBytes);
  for await (const row of rows) {
    if ('call' in row) ids.assign(row.call);
    yield row;
  }
}

/**
 * Deterministic messageIds for rows that have none, so importing a file twice stores each row once.
 *
 * id = "imp_" + sha256(kind, source, occurrence, content), where
 * - content is the call the row becomes (so any change to a row makes it a new event),
 * - source is the file's name without its directory (or `--source`): the same file imported again
 *   from anywhere dedupes, while the same row in two differently named files is two events,
 * - occurrence counts earlier identical rows in the same file: two identical rows (say, the same
 *   purchase twice without a timestamp) stay two events, and appending rows to a file keeps the ids
 *   of the rows already imported.
 * A renamed file is a new source; pass the old name with `--source` to keep deduplicating.
 */
export class MessageIdAssigner {
  // Occurrences keyed by 48 bits of the content hash: a collision only shifts an occurrence number,
  // which is still the same on every run over the same file, so correctness does not depend on it.
  private readonly seen = new Map<number, number>();

  constructor(
    private readonly kind: ImportKind,
    private readonly source: string,
  ) {}

  assign(call: Record<string, unknown>): void {
    if (typeof call.messageId === 'string' && call.messageId !== '') return;
    const content = crypto.createHash('sha256').update(JSON.stringify(call)).digest();
    const key = content.readUIntBE(0, 6);
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    const id = crypto.createHash('sha256').update(`import\n${this.kind}\n${this.source}\n${occurrence}\n`).update(content).digest('base64url');
    call.messageId = `imp_${id.slice(0, 24)}`;
  }
}

async function* readNdjson(plan: ImportPlan, onBytes?: (n: number) => void): AsyncGenerator<ImportRow> {
  const input = fs.createReadStream(plan.file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const rawLine of lines) {
      line++;
      if (line % 1000 === 0) onBytes?.(input.bytesRead);
      const text = (line === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine).trim();
      if (text === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        yield { line, error: `invalid JSON (${err instanceof Error ? err.message : String(err)})` };
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        yield { line, error: 'each line must be a JSON object (one Segment call)' };
        continue;
      }
      const obj = value as Record<string, unknown>;
      // Profiles may come as NDJSON too: a line without a call type is a record of traits.
      yield plan.kind === 'profiles' && obj.type === undefined ? profileFromObject(line, obj) : { line, call: obj };
    }
  } finally {
    lines.close();
    input.destroy();
    onBytes?.(plan.size);
  }
}

async function* readCsv(plan: ImportPlan, onBytes?: (n: number) => void): AsyncGenerator<ImportRow> {
  const input = fs.createReadStream(plan.file, { encoding: 'utf8' });
  const errors: ImportRow[] = [];
  let nextLine = 1;
  const newlines = (s: string | undefined) => {
    let n = 0;
    for (let i = s ? s.indexOf('\n') : -1; s && i !== -1; i = s.indexOf('\n', i + 1)) n++;
    return n;
  };
  const options: CsvOptions<{ record: string[]; line: number }, { record: string[]; raw: string }> = {
    delimiter: plan.delimiter,
    bom: true,
    raw: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_records_with_error: true,
    // An unclosed quote must not swallow a large file into memory as one record.
    max_record_size: 1024 * 1024,
    // Both callbacks run in file order, so line numbers are counted here rather than when reading.
    on_record: (rec) => {
      const line = nextLine;
      nextLine += newlines(rec.raw);
      return { record: rec.record, line };
    },
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      const line = nextLine;
      const span = newlines(raw);
      nextLine += span;
      const reason = err?.code === 'CSV_QUOTE_NOT_CLOSED' ? `a quoted field is never closed; lines ${line}–${line + Math.max(0, span - 1)} could not be read` : (err?.message ?? 'unreadable CSV record');
      errors.push({ line, error: reason });
      return undefined;
    },
  };
  // csv-parse types on_record only for its `columns` overload; the options above are checked as written.
  const parser = parse(options as unknown as CsvOptions);
  input.pipe(new CrlfToLf()).pipe(parser);
  input.on('error', (err) => parser.destroy(err));
  const mapper = plan.kind === 'profiles' ? profileMapper(plan.header) : eventMapper(plan.header);
  let first = true;
  let count = 0;
  for await (const item of parser as AsyncIterable<{ record: string[]; line: number }>) {
    while (errors.length > 0) yield errors.shift() as ImportRow;
    if (first) {
      first = false; // the header, already read by inspectImportFile
      continue;
    }
    if (++count % 1000 === 0) onBytes?.(input.bytesRead);
    const { record, line } = item;
    if (record.length === 1 && record[0]?.trim() === '') continue; // empty line
    if (record.length !== plan.header.length) {
      yield { line, error: `expected ${plan.header.length} columns (as in the header), found ${record.length}` };
      continue;
    }
    yield mapper(line, record);
  }
  while (errors.length > 0) yield errors.shift() as ImportRow;
  onBytes?.(plan.size);
}

type RowMapper = (line: number, record: string[]) => ImportRow;

/** Profiles CSV: the id column becomes userId, every other non-empty column a trait. */
function profileMapper(header: string[]): RowMapper {
  const names = header.map(norm);
  const idName = PROFILE_ID_COLUMNS.find((c) => names.includes(c)) ?? 'userid';
  const idIndex = names.indexOf(idName);
  const anonIndex = names.indexOf('anonymousid');
  return (line, record) => {
    const userId = record[idIndex]?.trim() ?? '';
    if (userId === '') return { line, error: `${header[idIndex] ?? 'userId'} is empty` };
    const traits: Record<string, unknown> = {};
    record.forEach((value, i) => {
      const column = header[i] ?? '';
      // An e-mail address used as the id is still the profile's e-mail trait.
      if (i === anonIndex || (i === idIndex && idName !== 'email')) return;
      setPath(traits, column.replace(/^traits\./, ''), value);
    });
    const call: Record<string, unknown> = { type: 'identify', userId, traits };
    const anon = anonIndex >= 0 ? record[anonIndex]?.trim() : '';
    if (anon) call.anonymousId = anon;
    return { line, call };
  };
}

/**
 * Events CSV: type (default track), event, userId/anonymousId, timestamp, messageId; `properties.x`,
 * `context.x` and `traits.x` columns go where they say, other columns are properties (traits on
 * identify rows), and `name` is the page/screen name on page and screen rows.
 */
function eventMapper(header: string[]): RowMapper {
  const names = header.map(norm);
  return (line, record) => {
    const call: Record<string, unknown> = {};
    const properties: Record<string, unknown> = {};
    const context: Record<string, unknown> = {};
    const traits: Record<string, unknown> = {};
    let type = 'track';
    const typeIndex = names.indexOf('type');
    if (typeIndex >= 0 && (record[typeIndex]?.trim() ?? '') !== '') type = (record[typeIndex] ?? '').trim().toLowerCase();
    call.type = type;
    record.forEach((raw, i) => {
      const column = (header[i] ?? '').trim();
      const name = names[i] ?? '';
      const value = raw.trim();
      if (name === 'type') return;
      if (EVENT_COLUMNS.has(name)) {
        if (value === '') return;
        const key = name === 'userid' ? 'userId' : name === 'anonymousid' ? 'anonymousId' : name === 'messageid' ? 'messageId' : name;
        call[key] = key === 'timestamp' ? epochOrText(value) : value;
        return;
      }
      if (name === 'name' && (type === 'page' || type === 'screen')) {
        if (value !== '') call.name = value;
        return;
      }
      const dot = column.indexOf('.');
      const root = dot > 0 ? column.slice(0, dot).toLowerCase() : '';
      if (root === 'properties') setPath(properties, column.slice(dot + 1), raw);
      else if (root === 'context') setPath(context, column.slice(dot + 1), raw);
      else if (root === 'traits') setPath(traits, column.slice(dot + 1), raw);
      else setPath(type === 'identify' || type === 'group' ? traits : properties, column, raw);
    });
    if (Object.keys(properties).length > 0) call.properties = properties;
    if (Object.keys(context).length > 0) call.context = context;
    if (Object.keys(traits).length > 0) call.traits = traits;
    return { line, call };
  };
}

/** A profile record from NDJSON: userId (or user_id, id, customer_id, email), `traits` and other keys as traits. */
function profileFromObject(line: number, obj: Record<string, unknown>): ImportRow {
  const keys = Object.keys(obj);
  const idKey = PROFILE_ID_COLUMNS.map((c) => keys.find((k) => norm(k) === c)).find((k) => k !== undefined);
  const id = idKey === undefined ? undefined : obj[idKey];
  if (typeof id !== 'string' && typeof id !== 'number') return { line, error: 'a profile needs a userId (or user_id, id, customer_id, email)' };
  const traits: Record<string, unknown> = typeof obj.traits === 'object' && obj.traits !== null && !Array.isArray(obj.traits) ? { ...(obj.traits as Record<string, unknown>) } : {};
  for (const k of keys) if (k !== 'traits' && (k !== idKey || norm(k) === 'email')) traits[k] = obj[k];
  return { line, call: { type: 'identify', userId: String(id), traits } };
}

/**
 * Sets `a.b.c` to a CSV cell value. Empty cells are skipped (an empty cell must not wipe a trait).
 * true/false become booleans and plain numbers numbers (revenue must sum), except in columns whose
 * name says code or identifier (zip, phone, *_id, sku, …) and for values with a leading zero or more
 * than 15 digits: those stay text, so a postcode column does not mix numbers and strings.
 */
function setPath(target: Record<string, unknown>, dotted: string, raw: string): void {
  const value = raw.trim();
  if (value === '' || dotted === '') return;
  const parts = dotted.split('.').filter((p) => p !== '');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[part] = created;
      node = created;
    }
  }
  const leaf = parts[parts.length - 1];
  if (leaf !== undefined) node[leaf] = coerce(leaf, value);
}

const TEXT_WORDS = new Set(['id', 'zip', 'zipcode', 'postal', 'postcode', 'postnummer', 'postnr', 'phone', 'mobile', 'tel', 'telephone', 'fax', 'sku', 'ean', 'gtin', 'code', 'ssn', 'personnummer', 'orgnr']);

/** Whether a column name has a word like zip, phone, code or id (`postal_code`, `userId`, `Phone number`). */
function isTextColumn(column: string): boolean {
  return column
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((w) => TEXT_WORDS.has(w));
}

/** Epoch timestamps in CSV: up to 11 digits are seconds (as most exports write them), more are milliseconds. */
function epochOrText(value: string): string | number {
  if (!/^\d{1,15}$/.test(value)) return value;
  const n = Number(value);
  return value.length <= 11 ? n * 1000 : n;
}

function coerce(column: string, value: string): unknown {
  if (/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(value) && !isTextColumn(column)) return Number(value);
  if (value === 'true' || value === 'TRUE') return true;
  if (value === 'false' || value === 'FALSE') return false;
  return value;
}

function sniffDelimiter(line: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    let count = 0;
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

async function parseHeader(line: string, delimiter: string): Promise<string[]> {
  const records: string[][] = [];
  const parser = parse({ delimiter, relax_quotes: true, relax_column_count: true });
  parser.on('readable', () => {
    for (let r = parser.read() as string[] | null; r; r = parser.read() as string[] | null) records.push(r);
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
    parser.end(line);
  });
  return (records[0] ?? []).map((h) => h.trim());
}

async function readHead(file: string, bytes: number): Promise<string> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fd.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fd.close();
  }
}

/** CRLF → LF before parsing, so line numbers and quoted multi-line values behave the same for both. */
class CrlfToLf extends Transform {
  private pendingCr = false;
  constructor() {
    super({ decodeStrings: false, encoding: 'utf8' });
  }
  override _transform(chunk: string | Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let text = (this.pendingCr ? '\r' : '') + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    this.pendingCr = text.endsWith('\r');
    if (this.pendingCr) text = text.slice(0, -1);
    done(null, text.replace(/\r\n/g, '\n'));
  }
  override _flush(done: TransformCallback): void {
    done(null, this.pendingCr ? '\r' : '');
  }
}
