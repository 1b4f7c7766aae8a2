import { Worker } from 'node:worker_threads';
import type { IngestRequest, NormalisedRequest } from './normalise-request.ts';

/**
 * Sends ingest requests to a worker thread for parsing and validation, so the HTTP thread stays free
 * for I/O, the pipeline and the admin API. Two cores: one worker is the right number here.
 */
export class NormaliserPool {
  private worker: Worker;
  private nextId = 1;
  private closed = false;
  private readonly pending = new Map<number, (r: NormalisedRequest) => void>();

  constructor() {
    this.worker = this.spawn();
  }

  /** Starts the worker; if it ever dies, waiting requests get a 503 and a new worker takes over. */
  private spawn(): Worker {
    const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { entry: new URL('./normalise.worker.ts', import.meta.url).href } });
    worker.on('message', (msg: { id: number; result: NormalisedRequest }) => {
      const resolve = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (this.pending.size === 0) worker.unref();
      resolve?.(msg.result);
    });
    worker.on('exit', () => {
      for (const resolve of this.pending.values()) resolve({ ok: false, status: 503, code: 'unavailable', message: 'Ingestion is restarting. Retry later.' });
      this.pending.clear();
      if (!this.closed) this.worker = this.spawn();
    });
    worker.on('error', () => undefined); // 'exit' follows and handles it
    worker.unref();
    return worker;
  }

  /** Requests handed to the worker and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  normalise(request: IngestRequest): Promise<NormalisedRequest> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.ref();
      const b = request.body;
      // Hand the body's memory over instead of copying it when the buffer owns all of it.
      const transfer = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? [b.buffer] : [];
      this.worker.postMessage({ id, request }, transfer);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }
}
