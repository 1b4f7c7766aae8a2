// The SQLite inbox writer, on its own thread so that fsync never blocks request handling.
// Plain JavaScript on purpose: worker threads are started from a file path, and a .js file loads the
// same way under tsx, Vitest and plain Node. It only receives rows and writes them in one transaction.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
// FULL: an acknowledged event must survive power loss, not only a process crash.
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 10000');
const insert = db.prepare('INSERT INTO inbox (workspace_id, received_at, payload) VALUES (?, ?, ?)');
const insertAll = db.transaction((rows) => {
  for (const r of rows) insert.run(r.workspaceId, r.receivedAt, r.payload);
});
// Pruning deletes in small steps so that a large backlog never holds the write lock for long.
const pruneSome = db.prepare('DELETE FROM inbox WHERE seq IN (SELECT seq FROM inbox WHERE seq <= ? ORDER BY seq LIMIT 2000)');

parentPort.on('message', (msg) => {
  if (msg.type === 'close') {
    db.close();
    parentPort.postMessage({ id: msg.id, ok: true });
    return;
  }
  try {
    if (msg.type === 'prune') {
      while (pruneSome.run(msg.upTo).changes > 0);
    } else {
      insertAll(msg.rows);
    }
    parentPort.postMessage({ id: msg.id, ok: true });
  } catch (err) {
    parentPort.postMessage({ id: msg.id, ok: false, error: String(err && err.message ? err.message : err) });
  }
});
