import type { StateStore } from '../../storage/state/state-store.ts';

/** One acknowledged call waiting in (or read back from) the durable inbox. */
export interface InboxRow {
  workspaceId: string;
  receivedAt: number;
  payload: string;
}

interface Waiter {
  rows: InboxRow[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit into the append-only inbox: calls arriving within a few milliseconds share one
 * transaction and one fsync, and each request is answered only after its rows are durable.
 * Flushes run one at a time, so inbox sequence numbers commit in order (the pipeline relies on it).
 */
export class InboxWriter {
  private waiting: Waiter[] = [];
  private waitingRows = 0;
  private flushing = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly writeBatch: (rows: InboxRow[]) => Promise<void>;
  private readonly onDurable: () => void;

  constructor(
    store: StateStore,
    private readonly opts: { commitIntervalMs: number; onDurable?: () => void },
  ) {
    this.writeBatch = store.dialect === 'sqlite' ? sqliteBatchWriter(store.sqlite) : postgresBatchWriter(store);
    this.onDurable = opts.onDurable ?? (() => undefined);
  }

  /** Rows accepted but not yet durable; ingestion sheds load (429) when this grows too large. */
  get pendingRows(): number {
    return this.waitingRows;
  }

  /** Resolves once every row is durable. */
  append(rows: InboxRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      this.waitingRows += rows.length;
      this.schedule();
    });
  }

  /** Waits until everything handed in so far is durable. */
  async drain(): Promise<void> {
    while (this.waiting.length > 0 || this.flushing) {
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  private schedule(): void {
    if (this.flushing || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.opts.commitIntervalMs);
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.waiting.length === 0) return;
    this.flushing = true;
    const batch = this.waiting;
    this.waiting = [];
    this.waitingRows = 0;
    try {
      await this.writeBatch(batch.flatMap((w) => w.rows));
      for (const w of batch) w.resolve();
      this.onDurable();
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.flushing = false;
      if (this.waiting.length > 0) this.schedule();
    }
  }
}

function sqliteBatchWriter(sqlite: import('better-sqlite3').Database): (rows: InboxRow[]) => Promise<void> {
  const insert = sqlite.prepare('INSERT INTO inbox (workspace_id, received_at, payload) VALUES (?, ?, ?)');
  const insertAll = sqlite.transaction((rows: InboxRow[]) => {
    for (const r of rows) insert.run(r.workspaceId, r.receivedAt, r.payload);
  });
  return async (rows) => {
    insertAll(rows);
  };
}

function postgresBatchWriter(store: Extract<StateStore, { dialect: 'postgres' }>): (rows: InboxRow[]) => Promise<void> {
  return async (rows) => {
    // unnest keeps it one statement with three parameters whatever the batch size.
    await store.pool.query(
      'INSERT INTO inbox (workspace_id, received_at, payload) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])',
      [rows.map((r) => r.workspaceId), rows.map((r) => r.receivedAt), rows.map((r) => r.payload)],
    );
  };
}
