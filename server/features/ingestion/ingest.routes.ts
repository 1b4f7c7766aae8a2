import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallType } from '../../../common/segment.ts';
import { errorBody } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { KeysService } from '../workspaces/keys.service.ts';
import type { InboxWriter } from './inbox.repository.ts';
import type { NormaliserPool } from './normaliser-pool.ts';

export type { RejectedCall } from './normalise-request.ts';

interface IngestDeps {
  keys: KeysService;
  inbox: InboxWriter;
  normaliser: NormaliserPool;
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
  if (deps.inbox.pendingRows + deps.normaliser.inFlight > deps.maxPendingEvents) {
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
  const receivedAt = Date.now();
  const result = await deps.normaliser.normalise({
    endpoint,
    body: body.raw,
    contentEncoding: String(req.headers['content-encoding'] ?? 'identity'),
    receivedAt,
    maxEventBytes: deps.maxEventBytes,
    maxBodyBytes: limit,
  });
  if (!result.ok) {
    send(res, result.status, errorBody(result.code, result.message, result.details));
    return;
  }
  const workspaceId = await authenticate(deps.keys, req.headers.authorization, result.writeKey);
  if (!workspaceId) {
    send(res, 401, errorBody('invalid_write_key', 'Missing or invalid write key. Send it as the Basic auth user name or as "writeKey" in the body.'));
    return;
  }
  if (result.payload !== null) {
    // One inbox row per request: its calls share one row and one position (see inbox.repository.ts).
    await deps.inbox.append({ workspaceId, receivedAt, payload: result.payload });
    deps.onAccepted?.();
  }
  const { rejected } = result;
  send(res, 200, rejected.length > 0 ? { success: true, accepted: result.accepted, rejected } : { success: true });
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

type BodyResult = { ok: true; raw: Buffer } | { ok: false; status: number; code: string; message: string };

/** Reads the (possibly compressed) body with a hard size limit; the worker applies it again after decompression. */
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
  // A fresh copy owns its memory, so it can be transferred to the worker without another copy.
  const raw = Buffer.allocUnsafeSlow(size);
  let offset = 0;
  for (const c of chunks) {
    c.copy(raw, offset);
    offset += c.length;
  }
  return { ok: true, raw };
}

function setCors(req: IncomingMessage, res: ServerResponse): void {
  // Ingestion is public by design (browsers send events with a write key), so any origin may post.
  // No credentials: the write key is in the request, and cookies are never read.
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, Content-Encoding');
  res.setHeader('Access-Control-Max-Age', '86400');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
