import { parentPort, type Transferable, Worker } from 'node:worker_threads';

/** The thread stopped (and a new one is starting) before it answered. */
export class WorkerStoppedError extends Error {}

type Reply<Res> = { id: number; ok: true; result: Res } | { id: number; ok: false; error: string };

/**
 * Request/reply over one worker thread, for the threads ingestion keeps off the event loop. Keeps the
 * process alive only while a call is under way, fails the calls in flight if the thread dies, and
 * starts a new one unless it was closed. TypeScript entries start through worker-bootstrap.mjs.
 */
export class WorkerRpc<Req, Res> {
  private worker: Worker;
  private nextId = 1;
  private closed = false;
  private readonly pending = new Map<number, { resolve: (r: Res) => void; reject: (e: Error) => void }>();

  constructor(private readonly opts: { entry: URL; workerData?: Record<string, unknown>; name: string }) {
    this.worker = this.spawn();
  }

  /** Calls handed to the worker and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  call(request: Req, transfer: Transferable[] = []): Promise<Res> {
    const id = this.nextId++;
    return new Promise<Res>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keep the process alive while a call is under way (a CLI import may wait on nothing else).
      this.worker.ref();
      this.worker.postMessage({ id, request }, transfer);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { ...this.opts.workerData, entry: this.opts.entry.href } });
    worker.on('message', (reply: Reply<Res>) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) p?.resolve(reply.result);
      else p?.reject(new Error(`${this.opts.name}: ${reply.error}`));
    });
    worker.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new WorkerStoppedError(`${this.opts.name} thread stopped`));
      this.pending.clear();
      if (!this.closed) this.worker = this.spawn();
    });
    worker.on('error', () => undefined); // 'exit' follows and fails what was in flight
    worker.unref();
    return worker;
  }
}

/** The worker side: answers each request with the handler's result, or its error message. */
export function serveRpc<Req, Res>(handler: (request: Req) => Res): void {
  parentPort?.on('message', (msg: { id: number; request: Req }) => {
    let reply: Reply<Res>;
    try {
      reply = { id: msg.id, ok: true, result: handler(msg.request) };
    } catch (err) {
      reply = { id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    parentPort?.postMessage(reply);
  });
}
