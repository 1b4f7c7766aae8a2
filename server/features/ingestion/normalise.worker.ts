import { serveRpc } from './worker-rpc.ts';
import { type IngestRequest, type NormalisedRequest, normaliseRequest } from './normalise-request.ts';

// Runs normaliseRequest for the HTTP thread: parsing and validating calls is most of ingestion's CPU.
serveRpc<IngestRequest, NormalisedRequest>(normaliseRequest);
