import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';

export const LOCK_FILE = 'workspace.lock.db';
const OWNER_NOTE = 'workspace.lock.pid';
const BUSY_WAIT_MS = 750;
/** Held connections: a collected connection would close and drop the lock while still "owned". */
const held = new Set<Database.Database>();

/**
 * One process owns a workspace's engine at a time. A second process recovering "crashes" that
 * are really another process's changes in progress would revert live work, so it is refused.
 *
 * The lock is SQLite's own exclusive lock on a small lock database (an fcntl lock on POSIX, a
 * LockFileEx lock on Windows), held for the life of the connection: the kernel releases it when
 * the owner exits or dies, so there is no pid file to race over or to be fooled by a reused pid.
 * better-sqlite3 is already the app's database driver; a native flock addon or a mkdir/mtime
 * lock (proper-lockfile) would add a dependency and, for the latter, a staleness guess.
 * The pid note beside it only names the owner in the message; nothing trusts it.
 */
export function acquireWorkspaceLock(stateDir: string, waitMs = BUSY_WAIT_MS): () => void {
  mkdirSync(stateDir, { recursive: true });
  const file = path.join(stateDir, LOCK_FILE);
  let db: Database.Database;
  try {
    // A short busy timeout, not 0: contenders that met in SQLite's shared stage back off so one
    // of them completes (with 0 all of them could fail), and a live owner is reported quickly.
    db = new Database(file, { timeout: waitMs });
  } catch (error) {
    throw new AppError('INTERNAL', `Cannot open the workspace lock ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    // The exclusive lock is taken in normal locking mode: there a contender that fails to get it
    // lets go of the shared lock it got on the way while it waits. In exclusive mode it would keep
    // that shared lock, and contenders arriving together would block each other until every one
    // of them timed out (seen under load: 12 racers, no owner).
    db.exec('BEGIN EXCLUSIVE');
    // Switched inside the transaction, exclusive mode keeps the lock after the commit, until close.
    // The transaction must really write (one that changes nothing keeps only a shared lock).
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER, taken_at INTEGER); DELETE FROM owner');
    db.prepare('INSERT INTO owner (pid, taken_at) VALUES (?, ?)').run(process.pid, Date.now());
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY') === true || /locked|busy/i.test((error as Error).message)) {
      throw new AppError('WORKSPACE_BUSY', `This workspace is in use by another Saraphina process${ownerNote(stateDir)}.`, {
        hint: 'Use that session or panel, or stop it first.',
      });
    }
    throw new AppError('INTERNAL', `Cannot take the workspace lock ${file}: ${(error as Error).message}`, { cause: error });
  }
  held.add(db);
  writeNote(stateDir);
  rmSync(path.join(stateDir, 'owner.lock'), { force: true });
  return () => {
    if (!held.delete(db)) return;
    rmSync(path.join(stateDir, OWNER_NOTE), { force: true });
    db.close();
  };
}

function writeNote(stateDir: string): void {
  try {
    writeFileSync(path.join(stateDir, OWNER_NOTE), String(process.pid));
  } catch {
    // Only used to name the owner in a message.
  }
}

function ownerNote(stateDir: string): string {
  try {
    const pid = Number(readFileSync(path.join(stateDir, OWNER_NOTE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? ` (pid ${pid})` : '';
  } catch {
    return '';
  }
}
