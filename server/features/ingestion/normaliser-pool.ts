import type { IngestRequest, NormalisedRequest } from './normalise-request.ts';
import { WorkerRpc, WorkerStoppedError } from './worker-rpc.ts';

/**
 * Sends ingest requests to a worker thread for parsing and validation, so the HTTP thread stays free
 * for I/O, the pipeline and the admin API. Two cores: one worker is the right number here.
 */
export class NormaliserPool {
  private readonly rpc = new WorkerRpc<IngestRequest, NormalisedRequest>({ entry: new URL('./normalise.worker.ts', import.meta.url), name: 'normaliser' });

  /** Requests handed to the worker and not yet answered. */
  get inFlight(): number {
    return this.rpc.inFlight;
  }

  async normalise(request: IngestRequest): Promise<NormalisedRequest> {
    const b = request.body;
    // Hand the body's memory over instead of copying it when the buffer owns all of it.
    const transfer = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? [b.buffer] : [];
    try {
      return await this.rpc.call(request, transfer);
    } catch (err) {
      // A stopped thread is being replaced: the client may retry. Anything else is our failure.
      if (err instanceof WorkerStoppedError) return { ok: false, status: 503, code: 'unavailable', message: 'Ingestion is restarting. Retry later.' };
      return { ok: false, status: 500, code: 'internal_error', message: 'The events could not be read. Retry later.' };
    }
  }

  close(): Promise<void> {
    return this.rpc.close();
  }
}
