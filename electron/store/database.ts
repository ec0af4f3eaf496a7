import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { migrate } from './migrations';

export type StateDatabase = Database.Database;

export const STATE_DIR = '.saraphina';

export function stateDatabasePath(workspaceRoot: string): string {
  return path.join(workspaceRoot, STATE_DIR, 'state.db');
}

/** Opens (creating if needed) a workspace's state database: WAL, foreign keys, migrated. */
export function openStateDatabase(file: string): StateDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  let db: StateDatabase;
  try {
    // better-sqlite3 13 ships Node-API prebuilt binaries: one copy serves Node and Electron.
    db = new Database(file);
  } catch (error) {
    throw new AppError('INTERNAL', `Cannot open ${file}: ${(error as Error).message}`, { cause: error });
  }
  db.pragma('journal_mode = WAL');
  // FULL: a change the app reported as done survives a power cut, not only a crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
