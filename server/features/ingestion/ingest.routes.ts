import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { CallType, normaliseCall, type SharedFields } from '../../../common/segment.ts';
import { errorBody } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { KeysService } from '../workspaces/keys.service.ts';
import { type InboxWriter, MAX_CALLS_PER_REQUEST } from './inbox.repository.ts';

/** A call in a batch that was not stored, and why. */
export interface RejectedCall {
  index: number;
  messageId?: string;
  code: string;
  message: string;
  field?: string;
}

interface IngestDeps {
  keys: KeysService;
  inbox: InboxWriter;
  log: Logger;
  maxEventBytes: number;
  maxRequestBytes: number;
  maxPendingEvents: number;
  /** Called after calls are durable, so the pipeline can pick them up at once. */
  onAccepted?: () => void;
}

const singleTypes = new Set<string>(CallType.options);

/**
 * The Segment HTTP Tracking API on plain node:http: this is the hot path, so it avoids framework
 * overhead. Answers 2xx only once every stored call is durable in the inbox.
 */
export function createIngestHandler(deps: IngestDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      deps.log.error('ingest failed', err);
      if (!res.headersSent) send(res, 500, errorBody('internal_error', 'The events could not be stored. Retry later.'));
    });
  };
}

async function handle(deps: IngestDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  setCors(req, res);
  if (req.method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }
  const endpoint = (req.url ?? '').split('?')[0]?.replace(/^\/v1\//, '').replace(/\/$/, '') ?? '';
  const isBatch = endpoint === 'batch' || endpoint === 'import';
  if (!isBatch && !singleTypes.has(endpoint)) {
    send(res, 404, errorBody('not_found', `Unknown endpoint /v1/${endpoint}. Use /v1/identify, track, page, screen, group, alias or batch.`));
    return;
  }
  if (req.method !== 'POST') {
    send(res, 405, errorBody('method_not_allowed', 'Use POST.'));
    return;
  }
  if (deps.inbox.pendingRows > deps.maxPendingEvents) {
    res.setHeader('Retry-After', '1');
    send(res, 429, errorBody('overloaded', 'Kundresa is busy storing earlier events. Retry after 1 second.'));
    return;
  }
  const limit = isBatch ? deps.maxRequestBytes : deps.maxEventBytes;
  const body = await readBody(req, limit);
  if (!body.ok) {
    if (body.status === 413) res.setHeader('Connection', 'close');
    send(res, body.status, errorBody(body.code, body.message));
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.text);
  } catch {
    send(res, 400, errorBody('invalid_json', 'The request body is not valid JSON.'));
    return;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    send(res, 400, errorBody('invalid_body', 'The request body must be a JSON object.'));
    return;
  }
  const bodyObj = parsed as Record<string, unknown>;
  const workspaceId = await authenticate(deps.keys, req.headers.authorization, bodyObj.writeKey);
  if (!workspaceId) {
    send(res, 401, errorBody('invalid_write_key', 'Missing or invalid write key. Send it as the Basic auth user name or as "writeKey" in the body.'));
    return;
  }

  const receivedAt = Date.now();
  const payloads: string[] = [];
  const rejected: RejectedCall[] = [];
  const accept = (raw: unknown, index: number, typeFromPath: CallType | undefined, shared?: SharedFields) => {
    const messageId = typeof (raw as { messageId?: unknown } | null)?.messageId === 'string' ? (raw as { messageId: string }).messageId : undefined;
    const r = normaliseCall(raw, { receivedAt, typeFromPath, newMessageId: crypto.randomUUID, shared });
    if (!r.ok) {
      rejected.push({ index, messageId, code: r.code, message: r.message, field: r.field });
      return;
    }
    const payload = JSON.stringify(r.event);
    // The limit is in bytes; a UTF-16 code unit is at most 3 UTF-8 bytes, so short payloads skip the count.
    if (payload.length > deps.maxEventBytes / 3 && Buffer.byteLength(payload) > deps.maxEventBytes) {
      rejected.push({ index, messageId, code: 'event_too_large', message: `The call is larger than ${deps.maxEventBytes} bytes.` });
      return;
    }
    payloads.push(payload);
  };

  if (isBatch) {
    const items = bodyObj.batch;
    if (!Array.isArray(items)) {
      send(res, 400, errorBody('invalid_field', 'batch is required and must be an array of calls.', { field: 'batch' }));
      return;
    }
    if (items.length > MAX_CALLS_PER_REQUEST) {
      send(res, 413, errorBody('too_many_calls', `A batch may hold at most ${MAX_CALLS_PER_REQUEST} calls.`));
      return;
    }
    const shared: SharedFields = { context: asObject(bodyObj.context), integrations: asObject(bodyObj.integrations), sentAt: bodyObj.sentAt };
    items.forEach((item, index) => accept(item, index, undefined, shared));
  } else {
    accept(bodyObj, 0, endpoint as CallType);
  }

  if (payloads.length === 0 && rejected.length > 0) {
    const first = rejected[0];
    const message = isBatch ? 'No call in the batch is valid.' : (first?.message ?? 'Invalid call.');
    const status = !isBatch && first?.code === 'event_too_large' ? 413 : 400;
    send(res, status, errorBody(first?.code ?? 'invalid_call', message, isBatch ? { rejected } : first?.field ? { field: first.field } : undefined));
    return;
  }
  if (payloads.length > 0) {
    // One inbox row per request: its calls share one row and one position (see inbox.repository.ts).
    await deps.inbox.append({ workspaceId, receivedAt, payload: `[${payloads.join(',')}]` });
    deps.onAccepted?.();
  }
  send(res, 200, rejected.length > 0 ? { success: true, accepted: payloads.length, rejected } : { success: true });
}

async function authenticate(keys: KeysService, authorization: string | undefined, bodyWriteKey: unknown): Promise<string | null> {
  let key: string | undefined;
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    key = decoded.split(':')[0];
  }
  if (!key && typeof bodyWriteKey === 'string') key = bodyWriteKey;
  if (!key || key.length > 200) return null;
  return keys.workspaceForWriteKey(key);
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

type BodyResult = { ok: true; text: string } | { ok: false; status: number; code: string; message: string };

/** Reads the body with a hard size limit, before and after gzip/deflate decompression. */
async function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, code: 'payload_too_large', message: `The request body is larger than ${limit} bytes.` };
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    return tooLarge;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      return tooLarge;
    }
    chunks.push(chunk);
  }
  const raw = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return { ok: true, text: raw.toString('utf8') };
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    return { ok: false, status: 415, code: 'unsupported_encoding', message: `Content-Encoding ${encoding} is not supported; use gzip or none.` };
  }
  try {
    const inflate = encoding === 'gzip' ? zlib.gunzipSync : zlib.inflateSync;
    return { ok: true, text: inflate(raw, { maxOutputLength: limit }).toString('utf8') };
  } catch (err) {
    if (err instanceof RangeError) return tooLarge;
    return { ok: false, status: 400, code: 'invalid_encoding', message: `The body is not valid ${encoding} data.` };
  }
}

function setCors(req: IncomingMessage, res: ServerResponse): void {
  // Ingestion is public by design (browsers send events with a write key), so any origin may post.
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, Content-Encoding');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Max-Age', '86400');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
