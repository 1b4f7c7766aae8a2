// Starts a TypeScript worker thread: registers tsx in this thread, then loads the entry module.
// (Worker threads do not inherit the parent's --import loader for their entry module.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
