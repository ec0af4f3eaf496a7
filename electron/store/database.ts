import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { migrate } from './migrations';
import { controlLog } from '../base/control-log';

const log = controlLog('store');

export type StateDatabase = Database.Database;

/**
 * Runs `run` with a pragma set to `value`, then puts it back. Pragmas such as `synchronous` and
 * `foreign_keys` cannot change inside a transaction, so there it just runs.
 */
export function withPragma<T>(db: StateDatabase, name: string, value: string, run: () => T): T {
  if (db.inTransaction) return run();
  const before = db.pragma(name, { simple: true }) as number;
  db.pragma(`${name} = ${value}`);
  try {
    return run();
  } finally {
    db.pragma(`${name} = ${before}`);
  }
}

export const STATE_DIR = '.saraphina';

export function stateDatabasePath(workspaceRoot: string): string {
  return path.join(workspaceRoot, STATE_DIR, 'state.db');
}

/**
 * Opens (creating if needed) a workspace's state database: WAL, foreign keys, checked with
 * `quick_check` (damage is refused with the way out, before anything is written), migrated.
 */
export function openStateDatabase(file: string): StateDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  let db: StateDatabase;
  try {
    // better-sqlite3 13 ships Node-API prebuilt binaries: one copy serves Node and Electron.
    db = new Database(file);
  } catch (error) {
    throw new AppError('INTERNAL', `Cannot open ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a change the app reported as done survives a power cut, not only a crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const problems = integrityProblems(db, 'quick');
    if (problems.length > 0) throw damaged(file, problems);
    migrate(db);
  } catch (error) {
    db.close();
    if (error instanceof AppError) throw error;
    if (isCorruption(error)) throw damaged(file, [(error as Error).message]);
    throw error;
  }
  return db;
}

/** `quick_check` (pages and cells; fast) or `integrity_check` (also indexes): the problems found, none when sound. */
export function integrityProblems(db: StateDatabase, depth: 'quick' | 'full'): string[] {
  const rows = db.pragma(depth === 'quick' ? 'quick_check(20)' : 'integrity_check(100)') as Record<string, string>[];
  // One problem per line, without SQLite's "*** in database main ***" headings.
  const lines = rows.flatMap((row) => String(Object.values(row)[0] ?? '').split('\n')).map((line) => line.trim());
  if (lines.length === 1 && lines[0] === 'ok') return [];
  return lines.filter((line) => line !== '' && !/^\*\*\* in database/.test(line));
}

export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB') || /malformed|not a database/i.test((error as Error).message ?? '');
}

function damaged(file: string, problems: readonly string[]): AppError {
  return new AppError('DATABASE_DAMAGED', `${path.basename(file)} is damaged (${problems[0] ?? 'unknown problem'}); nothing was changed.`, {
    hint: 'Run `npm run cli -- db-check --repair` to rebuild it from what can be read (the damaged file is kept beside it).',
  });
}

/**
 * Notices when the database file is deleted or replaced while the app has it open (the open
 * connection keeps writing to a file no one can see, and the history would be gone at exit):
 * the history so far is written back to the file's place (or beside a replacement) and from
 * then on `problem` says so, so changes can be refused with a clear line.
 */
export class DatabaseFileGuard {
  private readonly db: StateDatabase;
  private readonly file: string;
  private readonly identity: string | null;
  private found: string | null = null;
  private savedTo: string | null = null;

  constructor(db: StateDatabase, file: string) {
    this.db = db;
    this.file = file;
    this.identity = identityOf(file);
  }

  /** Null while the file is the one opened; else what happened and where the history is now. */
  check(): string | null {
    if (this.found !== null || this.identity === null || !this.db.open) return this.found;
    const now = identityOf(this.file);
    if (now === this.identity) return null;
    const target = now === null ? this.file : `${this.file}.from-running-app-${Date.now()}`;
    let saved: string;
    try {
      this.save(target);
      this.savedTo = target;
      saved = `its history so far was written back to ${target}`;
    } catch (error) {
      saved = `writing its history back failed (${(error as Error).message})`;
    }
    this.found = `${path.basename(this.file)} was ${now === null ? 'deleted' : 'replaced'} while the app was running; ${saved}. Restart the app to go on recording changes.`;
    return this.found;
  }

  /** Before the connection closes: what was recorded since the problem was noticed is saved too. */
  saveBeforeClose(): void {
    this.check();
    if (this.savedTo === null || !this.db.open) return;
    try {
      this.save(this.savedTo);
    } catch (error) {
      log.error(`could not save the history to ${this.savedTo}`, error);
    }
  }

  /** A complete copy of the open database at `target`, replaced atomically. */
  private save(target: string): void {
    mkdirSync(path.dirname(target), { recursive: true });
    const temporary = `${target}.saving-${process.pid}`;
    rmSync(temporary, { force: true });
    // Frames still in the WAL go into the open file first, so the copy is complete.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.prepare('VACUUM INTO ?').run(temporary);
    renameSync(temporary, target);
  }

  /** Throws the problem as a one-line error (before a change), or does nothing. */
  assertIntact(): void {
    const problem = this.check();
    if (problem !== null) throw new AppError('DATABASE_DAMAGED', problem, { hint: 'Nothing was changed; restart the app.' });
  }
}

function identityOf(file: string): string | null {
  if (file === ':memory:') return null;
  try {
    const stat = statSync(file);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return null;
  }
}
