import type { StateStore } from '../../storage/state/state-store.ts';
import type { InboxCommand } from './inbox-writer.worker.ts';
import { WorkerRpc } from './worker-rpc.ts';

/**
 * Positions: one inbox row holds the calls of one request. A call's event sequence number is
 * `inboxSeq * SEQ_STRIDE + index in the request`, unique and ordered like arrival. The slots from
 * MAX_CALLS_PER_REQUEST up belong to events the pipeline derives from that row (journey stage
 * entries), so derived events sit next to the calls that caused them.
 */
export const SEQ_STRIDE = 1_048_576;
/** A request may carry at most this many calls (500 KB of calls is far fewer in practice). */
export const MAX_CALLS_PER_REQUEST = 16_384;

/** The calls of one request, waiting in (or read back from) the durable inbox. */
export interface InboxRow {
  workspaceId: string;
  receivedAt: number;
  /** A JSON array of StoredEvent. */
  payload: string;
}

interface Waiter {
  row: InboxRow;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit into the append-only inbox: requests arriving while a commit is under way share the
 * next transaction and its fsync, and each request is answered only after its row is durable.
 * Flushes run one at a time, so inbox sequence numbers commit in order (the pipeline relies on it).
 */
export class InboxWriter {
  private waiting: Waiter[] = [];
  private waitingCalls = 0;
  private flushing = false;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private readonly writer: BatchWriter;

  constructor(
    store: StateStore,
    private readonly opts: { commitIntervalMs: number },
  ) {
    this.writer = store.dialect === 'sqlite' ? new SqliteWorkerWriter(store.inboxFile) : postgresBatchWriter(store);
  }

  /** True while a commit is under way (later rows wait for the next one). */
  get isFlushing(): boolean {
    return this.flushing;
  }

  /** Requests accepted but not yet durable; ingestion sheds load (429) when this grows too large. */
  get pendingRows(): number {
    return this.waitingCalls;
  }

  /** Resolves once the row is durable. */
  append(row: InboxRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.waitingCalls += 1;
      this.schedule();
    });
  }

  /** Waits until everything handed in so far is durable. */
  async drain(): Promise<void> {
    while (this.waiting.length > 0 || this.flushing) {
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  /**
   * Deletes inbox rows up to a position that every consumer has applied (they are in the state and
   * event stores by then); the inbox would otherwise grow by every event ever received.
   */
  prune(upTo: number): Promise<void> {
    return this.writer.prune(upTo);
  }

  /** Drains and releases the writer thread. */
  async close(): Promise<void> {
    await this.drain();
    await this.writer.close();
  }

  private schedule(): void {
    if (this.flushing || this.timer) return;
    const run = () => {
      this.timer = undefined;
      void this.flush();
    };
    // 0: commit right after the current I/O callbacks; requests arriving meanwhile share the next commit.
    this.timer = this.opts.commitIntervalMs > 0 ? setTimeout(run, this.opts.commitIntervalMs) : setImmediate(run);
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.waiting.length === 0) return;
    this.flushing = true;
    const batch = this.waiting;
    this.waiting = [];
    this.waitingCalls = 0;
    try {
      await this.writer.write(batch.map((w) => w.row));
      for (const w of batch) w.resolve();
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.flushing = false;
      if (this.waiting.length > 0) this.schedule();
    }
  }
}

interface BatchWriter {
  write(rows: InboxRow[]): Promise<void>;
  prune(upTo: number): Promise<void>;
  close(): Promise<void>;
}

/** Writes through a worker thread with its own SQLite connection, so fsync runs off the event loop. */
class SqliteWorkerWriter implements BatchWriter {
  private readonly rpc: WorkerRpc<InboxCommand, null>;

  constructor(file: string) {
    this.rpc = new WorkerRpc({ entry: new URL('./inbox-writer.worker.ts', import.meta.url), workerData: { file }, name: 'inbox writer' });
  }

  async write(rows: InboxRow[]): Promise<void> {
    await this.rpc.call({ type: 'write', rows });
  }

  async prune(upTo: number): Promise<void> {
    await this.rpc.call({ type: 'prune', upTo });
  }

  async close(): Promise<void> {
    await this.rpc.call({ type: 'close' });
    await this.rpc.close();
  }
}

function postgresBatchWriter(store: Extract<StateStore, { dialect: 'postgres' }>): BatchWriter {
  return {
    async write(rows) {
      // unnest keeps it one statement with three parameters whatever the batch size.
      await store.pool.query(
        'INSERT INTO inbox (workspace_id, received_at, payload) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])',
        [rows.map((r) => r.workspaceId), rows.map((r) => r.receivedAt), rows.map((r) => r.payload)],
      );
    },
    async prune(upTo) {
      await store.pool.query('DELETE FROM inbox WHERE seq <= $1', [upTo]);
    },
    async close() {},
  };
}
