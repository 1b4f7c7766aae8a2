import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { CallType, isPlainObject, normaliseCall, type SharedFields } from '../../../common/segment.ts';
import { MAX_CALLS_PER_REQUEST } from './inbox.repository.ts';

/** A call in a batch that was not stored, and why. */
export interface RejectedCall {
  index: number;
  messageId?: string;
  code: string;
  message: string;
  field?: string;
}

/** What the HTTP layer hands over: the raw body of one /v1 request and its framing. */
export interface IngestRequest {
  /** identify | track | page | screen | group | alias | batch | import */
  endpoint: string;
  body: Uint8Array;
  contentEncoding: string;
  receivedAt: number;
  maxEventBytes: number;
  /** The limit that applies to this endpoint's body, also after decompression. */
  maxBodyBytes: number;
}

/** The request turned into an inbox row's payload, or the error to answer. */
export type NormalisedRequest =
  | { ok: true; payload: string | null; accepted: number; rejected: RejectedCall[]; writeKey: string | undefined; isBatch: boolean }
  | { ok: false; status: number; code: string; message: string; details?: unknown };

/**
 * Decompresses, parses and validates one request's calls (CPU-heavy, so it runs on the ingest worker
 * thread): the valid calls become one JSON array, the invalid ones are listed with their reasons.
 */
export function normaliseRequest(req: IngestRequest): NormalisedRequest {
  const isBatch = req.endpoint === 'batch' || req.endpoint === 'import';
  const text = decode(req);
  if (typeof text !== 'string') return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, code: 'invalid_json', message: 'The request body is not valid JSON.' };
  }
  if (!isPlainObject(parsed)) {
    return { ok: false, status: 400, code: 'invalid_body', message: 'The request body must be a JSON object.' };
  }
  const bodyObj = parsed;
  const writeKey = typeof bodyObj.writeKey === 'string' ? bodyObj.writeKey : undefined;

  const payloads: string[] = [];
  const rejected: RejectedCall[] = [];
  const accept = (raw: unknown, index: number, typeFromPath: CallType | undefined, shared?: SharedFields) => {
    const messageId = typeof (raw as { messageId?: unknown } | null)?.messageId === 'string' ? (raw as { messageId: string }).messageId : undefined;
    const r = normaliseCall(raw, { receivedAt: req.receivedAt, typeFromPath, newMessageId: crypto.randomUUID, shared });
    if (!r.ok) {
      rejected.push({ index, messageId, code: r.code, message: r.message, field: r.field });
      return;
    }
    const payload = JSON.stringify(r.event);
    // The limit is in bytes; a UTF-16 code unit is at most 3 UTF-8 bytes, so short payloads skip the count.
    if (payload.length > req.maxEventBytes / 3 && Buffer.byteLength(payload) > req.maxEventBytes) {
      rejected.push({ index, messageId, code: 'event_too_large', message: `The call is larger than ${req.maxEventBytes} bytes.` });
      return;
    }
    payloads.push(payload);
  };

  if (isBatch) {
    const items = bodyObj.batch;
    if (!Array.isArray(items)) {
      return { ok: false, status: 400, code: 'invalid_field', message: 'batch is required and must be an array of calls.', details: { field: 'batch' } };
    }
    if (items.length > MAX_CALLS_PER_REQUEST) {
      return { ok: false, status: 413, code: 'too_many_calls', message: `A batch may hold at most ${MAX_CALLS_PER_REQUEST} calls.` };
    }
    const shared: SharedFields = { context: isPlainObject(bodyObj.context) ? bodyObj.context : undefined, integrations: isPlainObject(bodyObj.integrations) ? bodyObj.integrations : undefined, sentAt: bodyObj.sentAt };
    items.forEach((item, index) => accept(item, index, undefined, shared));
  } else {
    accept(bodyObj, 0, req.endpoint as CallType);
  }

  if (payloads.length === 0 && rejected.length > 0) {
    const first = rejected[0];
    const message = isBatch ? 'No call in the batch is valid.' : (first?.message ?? 'Invalid call.');
    const status = !isBatch && first?.code === 'event_too_large' ? 413 : 400;
    return { ok: false, status, code: first?.code ?? 'invalid_call', message, details: isBatch ? { rejected } : first?.field ? { field: first.field } : undefined };
  }
  return { ok: true, payload: payloads.length > 0 ? `[${payloads.join(',')}]` : null, accepted: payloads.length, rejected, writeKey, isBatch };
}

function decode(req: IngestRequest): string | Extract<NormalisedRequest, { ok: false }> {
  const raw = Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
  const encoding = req.contentEncoding.toLowerCase();
  if (encoding === 'identity' || encoding === '') return raw.toString('utf8');
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    return { ok: false, status: 415, code: 'unsupported_encoding', message: `Content-Encoding ${encoding} is not supported; use gzip or none.` };
  }
  try {
    const inflate = encoding === 'gzip' ? zlib.gunzipSync : zlib.inflateSync;
    return inflate(raw, { maxOutputLength: req.maxBodyBytes }).toString('utf8');
  } catch (err) {
    if (err instanceof RangeError) return { ok: false, status: 413, code: 'payload_too_large', message: `The request body is larger than ${req.maxBodyBytes} bytes.` };
    return { ok: false, status: 400, code: 'invalid_encoding', message: `The body is not valid ${encoding} data.` };
  }
}
