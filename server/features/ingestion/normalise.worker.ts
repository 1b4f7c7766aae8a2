import { parentPort } from 'node:worker_threads';
import { type IngestRequest, normaliseRequest } from './normalise-request.ts';

// Runs normaliseRequest for the HTTP thread: parsing and validating calls is most of ingestion's CPU.
parentPort?.on('message', (msg: { id: number; request: IngestRequest }) => {
  let result;
  try {
    result = normaliseRequest(msg.request);
  } catch {
    result = { ok: false as const, status: 500, code: 'internal_error', message: 'The events could not be read. Retry later.' };
  }
  parentPort?.postMessage({ id: msg.id, result });
});
