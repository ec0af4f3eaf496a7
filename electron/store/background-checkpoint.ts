import { Worker } from 'node:worker_threads';
import { resolveFromApp } from '../base/resolve-from-app';

/** What SQLite's `wal_checkpoint` answers: frames in the WAL, and how many of them are now in the database. */
export interface CheckpointResult {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

/*
 * The same better-sqlite3 (so the same SQLite: two copies of SQLite in one process do not see
 * each other's POSIX locks) in a worker thread, on its own connection. A PASSIVE checkpoint takes
 * no lock a writer waits for: the agent's thread goes on committing while the frames are copied.
 */
const CHECKPOINT = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
try {
  parentPort.postMessage(db.pragma('wal_checkpoint(PASSIVE)')[0]);
} finally {
  db.close();
}`;

/**
 * Copies a large WAL (after a cleanup removed tens of thousands of rows) into the database on
 * another thread: done on the connection's own thread it was a third of a 100,000-version cleanup.
 * Resolves null if it could not run (the connection's next checkpoint then does the work).
 */
export function checkpointInBackground(file: string): Promise<CheckpointResult | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(CHECKPOINT, { eval: true, workerData: { driver: resolveFromApp('better-sqlite3'), file } });
    } catch {
      resolve(null);
      return;
    }
    worker.unref();
    worker.once('message', (result: CheckpointResult) => resolve(result));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
}
