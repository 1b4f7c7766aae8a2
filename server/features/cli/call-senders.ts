import crypto from 'node:crypto';
import { normaliseCall, type StoredEvent } from '../../../common/segment.ts';
import type { Logger } from '../../logger.ts';
import type { Stores } from '../../main.ts';
import { InboxWriter, MAX_CALLS_PER_REQUEST } from '../ingestion/inbox.repository.ts';
import { Pipeline } from '../pipeline/pipeline.service.ts';

/** One call to send, with the line it came from (reported back when the call is rejected). */
export interface SendItem {
  line: number;
  call: Record<string, unknown>;
  /** The call already validated by normaliseCall, when the caller did that. */
  stored?: StoredEvent;
}

/** A call the receiving side refused, and why. */
export interface Rejection {
  line: number;
  reason: string;
}

/** Where calls go: the ingestion API of a running server, or the inbox of stores opened in-process. */
export interface CallSender {
  /** Queues a call; waits when enough work is in flight (backpressure). */
  add(item: SendItem): Promise<void>;
  /** Sends what is queued and waits until every call is acknowledged (durable). */
  finish(): Promise<void>;
  /** Calls acknowledged so far. */
  readonly accepted: number;
}

interface Batch {
  parts: string[];
  lines: number[];
}

interface BatchResponse {
  rejected?: { index: number; code?: string; message?: string }[];
  error?: { code?: string; message?: string; details?: { rejected?: { index: number; code?: string; message?: string }[] } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends calls to POST /v1/batch: batches of at most `maxCalls` calls and `maxBytes` bytes (the API
 * takes 500 KB), `concurrency` requests in flight. 429 and 5xx are retried with back-off (honouring
 * Retry-After), 413 splits the batch, and calls the server rejects are reported with their lines.
 */
export class HttpCallSender implements CallSender {
  accepted = 0;
  private batch: Batch = { parts: [], lines: [] };
  private bytes = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: Error | undefined;
  private readonly auth: string;

  constructor(
    private readonly opts: {
      url: string;
      writeKey: string;
      onRejected: (r: Rejection) => void;
      /** Called with the number of calls in each answered request. */
      onSent?: (calls: number) => void;
      concurrency?: number;
      maxCalls?: number;
      maxBytes?: number;
    },
  ) {
    this.auth = `Basic ${Buffer.from(`${opts.writeKey}:`).toString('base64')}`;
  }

  async add(item: SendItem): Promise<void> {
    if (this.failure) throw this.failure;
    const json = JSON.stringify(item.call);
    const size = Buffer.byteLength(json) + 1;
    if (this.batch.parts.length >= (this.opts.maxCalls ?? 200) || (this.bytes + size > (this.opts.maxBytes ?? 450_000) && this.batch.parts.length > 0)) {
      await this.dispatch();
    }
    this.batch.parts.push(json);
    this.batch.lines.push(item.line);
    this.bytes += size;
  }

  async finish(): Promise<void> {
    await this.dispatch();
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }

  private async dispatch(): Promise<void> {
    if (this.batch.parts.length === 0) return;
    const batch = this.batch;
    this.batch = { parts: [], lines: [] };
    this.bytes = 0;
    while (this.inFlight.size >= (this.opts.concurrency ?? 4)) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const request: Promise<void> = this.post(batch)
      .catch((err: unknown) => {
        this.failure ??= err instanceof Error ? err : new Error(String(err));
      })
      .finally(() => this.inFlight.delete(request));
    this.inFlight.add(request);
  }

  private async post(batch: Batch): Promise<void> {
    const body = `{"batch":[${batch.parts.join(',')}]}`;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.opts.url}/v1/batch`, { method: 'POST', headers: { Authorization: this.auth, 'Content-Type': 'application/json' }, body });
      } catch (err) {
        if (attempt >= 6) throw new Error(`Could not reach ${this.opts.url}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        await sleep(Math.min(5000, 250 * 2 ** attempt));
        continue;
      }
      if (res.status === 200 || res.status === 400) {
        const answer = (await res.json().catch(() => ({}))) as BatchResponse;
        const rejected = res.status === 200 ? (answer.rejected ?? []) : (answer.error?.details?.rejected ?? batch.lines.map((_, index) => ({ index, code: answer.error?.code, message: answer.error?.message })));
        for (const r of rejected) this.opts.onRejected({ line: batch.lines[r.index] ?? 0, reason: r.message ?? r.code ?? 'rejected by the server' });
        this.accepted += batch.parts.length - rejected.length;
        this.opts.onSent?.(batch.parts.length);
        return;
      }
      if (res.status === 401) throw new Error(`${this.opts.url} refused the write key. Pass a valid one with --write-key (see \`kundresa keys list\`).`);
      if (res.status === 413) {
        await res.body?.cancel();
        if (batch.parts.length === 1) {
          this.opts.onRejected({ line: batch.lines[0] ?? 0, reason: 'the call is larger than the server accepts in one request' });
          this.opts.onSent?.(1);
          return;
        }
        const half = Math.ceil(batch.parts.length / 2);
        await this.post({ parts: batch.parts.slice(0, half), lines: batch.lines.slice(0, half) });
        await this.post({ parts: batch.parts.slice(half), lines: batch.lines.slice(half) });
        return;
      }
      const text = await res.text().catch(() => '');
      // An overloaded server (429) is waited for patiently; other failures give up after a few tries.
      const retryable = res.status === 429 || res.status >= 500;
      if (!retryable || (res.status !== 429 && attempt >= 6) || Date.now() - started > 300_000) {
        throw new Error(`${this.opts.url}/v1/batch answered ${res.status}: ${text.slice(0, 300)}`);
      }
      const retryAfter = Number(res.headers.get('retry-after'));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : Math.min(5000, 250 * 2 ** attempt));
    }
  }
}

/**
 * Appends calls straight into the inbox of stores opened in this process, through the same validation
 * as the ingestion API (normaliseCall and the per-event size limit), one inbox row per `rowCalls`
 * calls as a request would. `finish` makes them durable; `process` then runs the pipeline over them.
 */
export class InboxCallSender implements CallSender {
  accepted = 0;
  private payloads: string[] = [];
  private readonly inbox: InboxWriter;
  private readonly appends = new Set<Promise<void>>();
  private failure: Error | undefined;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    private readonly opts: {
      stores: Stores;
      workspaceId: string;
      maxEventBytes: number;
      commitIntervalMs: number;
      onRejected: (r: Rejection) => void;
      onSent?: (calls: number) => void;
      rowCalls?: number;
    },
  ) {
    this.inbox = new InboxWriter(opts.stores.state, { commitIntervalMs: opts.commitIntervalMs });
    // The SQLite inbox writer's worker thread is unref'd (a server must be able to exit), so a CLI
    // process waiting only for it would exit mid-import; this timer holds the event loop until finish().
    this.keepAlive = setInterval(() => undefined, 60_000);
  }

  async add(item: SendItem): Promise<void> {
    if (this.failure) throw this.failure;
    let stored = item.stored;
    if (!stored) {
      const r = normaliseCall(item.call, { receivedAt: Date.now(), newMessageId: crypto.randomUUID });
      if (!r.ok) {
        this.opts.onRejected({ line: item.line, reason: r.message });
        return;
      }
      stored = r.event;
    }
    const payload = JSON.stringify(stored);
    if (payload.length > this.opts.maxEventBytes) {
      this.opts.onRejected({ line: item.line, reason: `the call is larger than ${this.opts.maxEventBytes} bytes` });
      return;
    }
    this.payloads.push(payload);
    if (this.payloads.length >= Math.min(this.opts.rowCalls ?? 500, MAX_CALLS_PER_REQUEST)) await this.flushRow();
  }

  async finish(): Promise<void> {
    try {
      await this.flushRow();
      await Promise.all(this.appends);
      await this.inbox.drain();
      if (this.failure) throw this.failure;
    } finally {
      await this.inbox.close();
      clearInterval(this.keepAlive);
    }
  }

  /** Runs the pipeline until the inbox is processed; `onProgress` gets (done, total) in inbox rows. */
  async process(opts: { log: Logger; onProgress?: (done: number, total: number) => void }): Promise<void> {
    const { state, events } = this.opts.stores;
    const pipeline = new Pipeline({ state, events, log: opts.log });
    const head = await state.db.selectFrom('inbox').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    const from = await events.position();
    const total = Math.max(0, Number(head?.seq ?? 0) - from);
    opts.onProgress?.(0, total);
    const stop = pipeline.onProgress((upTo) => opts.onProgress?.(Math.min(total, upTo - from), total));
    try {
      await pipeline.drain();
    } finally {
      stop();
    }
  }

  private async flushRow(): Promise<void> {
    if (this.payloads.length === 0) return;
    const count = this.payloads.length;
    const row = { workspaceId: this.opts.workspaceId, receivedAt: Date.now(), payload: `[${this.payloads.join(',')}]` };
    this.payloads = [];
    // A few rows may wait for the group commit together; more would only hold memory.
    while (this.appends.size >= 8) await Promise.race(this.appends);
    const append: Promise<void> = this.inbox
      .append(row)
      .then(() => {
        this.accepted += count;
        this.opts.onSent?.(count);
      })
      .catch((err: unknown) => {
        this.failure ??= err instanceof Error ? err : new Error(String(err));
      })
      .finally(() => this.appends.delete(append));
    this.appends.add(append);
  }
}
