// The SQLite inbox writer, on its own thread so that fsync never blocks request handling.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { InboxRow } from './inbox.repository.ts';
import { serveRpc } from './worker-rpc.ts';

/** What the inbox thread is asked to do. */
export type InboxCommand = { type: 'write'; rows: InboxRow[] } | { type: 'prune'; upTo: number } | { type: 'close' };

const db = new Database((workerData as { file: string }).file);
db.pragma('journal_mode = WAL');
// FULL: an acknowledged event must survive power loss, not only a process crash.
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 10000');
const insert = db.prepare('INSERT INTO inbox (workspace_id, received_at, payload) VALUES (?, ?, ?)');
const insertAll = db.transaction((rows: InboxRow[]) => {
  for (const r of rows) insert.run(r.workspaceId, r.receivedAt, r.payload);
});
// Pruning deletes in small steps so that a large backlog never holds the write lock for long.
const pruneSome = db.prepare('DELETE FROM inbox WHERE seq IN (SELECT seq FROM inbox WHERE seq <= ? ORDER BY seq LIMIT 2000)');

serveRpc<InboxCommand, null>((cmd) => {
  if (cmd.type === 'write') insertAll(cmd.rows);
  else if (cmd.type === 'prune') while (pruneSome.run(cmd.upTo).changes > 0);
  else db.close();
  return null;
});
