import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { sha256 } from '../base/sha256';
import { integrityProblems, isCorruption, openStateDatabase } from './database';

/** Tables in the order rows can be inserted (blobs before the versions that name them). */
const TABLES: readonly { name: string; key: string }[] = [
  { name: 'blobs', key: 'hash' },
  { name: 'versions', key: 'seq' },
  { name: 'heads', key: 'module' },
  { name: 'reloads', key: 'seq' },
  { name: 'journal', key: 'id' },
  { name: 'proposals', key: 'seq' },
  { name: 'sandbox_reports', key: 'seq' },
  { name: 'proposal_applies', key: 'seq' },
];
/** After a damaged stretch, how far ahead (in keys) a rowid table is probed for readable rows. */
const SKIPS = [1, 10, 100, 1000, 10_000, 100_000];

export interface CheckReport {
  readonly file: string;
  readonly ok: boolean;
  readonly problems: readonly string[];
}

export interface RepairReport {
  /** The damaged file, kept as it was. */
  readonly keptAs: string;
  /** Rows copied and rows lost per table. */
  readonly tables: Readonly<Record<string, { copied: number; unreadable: number }>>;
}

/** The integrity of a state database, read-only (safe while the app runs). */
export function checkStateDatabase(file: string, depth: 'quick' | 'full'): CheckReport {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const problems = integrityProblems(db, depth);
    return { file, ok: problems.length === 0, problems };
  } catch (error) {
    if (!isCorruption(error)) throw error;
    return { file, ok: false, problems: [(error as Error).message] };
  } finally {
    db?.close();
  }
}

/**
 * Rebuilds a damaged state database from what can still be read: the damaged file (and its WAL)
 * is kept beside it under a new name, every readable row of every table is copied into a fresh,
 * migrated database (content only when it still matches its hash), which then takes its place.
 * Needs the workspace lock (no app may have it open).
 */
export function rebuildStateDatabase(file: string): RepairReport {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const keptAs = `${file}.damaged-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(`${file}${suffix}`)) copyFileSync(`${file}${suffix}`, `${keptAs}${suffix}`);
  const fresh = `${file}.rebuilding-${process.pid}`;
  rmSync(fresh, { force: true });
  const source = new Database(keptAs, { readonly: true, fileMustExist: true });
  const target = openStateDatabase(fresh);
  const tables: Record<string, { copied: number; unreadable: number }> = {};
  try {
    target.pragma('foreign_keys = OFF');
    const known = new Set((source.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
    for (const table of TABLES) {
      if (known.has(table.name)) tables[table.name] = copyTable(source, target, table.name, readingKey(source, table));
    }
    // A version whose content was lost cannot be restored: drop it (counted), and heads naming it.
    const dangling = target.prepare('DELETE FROM versions WHERE hash NOT IN (SELECT hash FROM blobs)').run().changes;
    if (dangling > 0 && tables['versions'] !== undefined) {
      tables['versions'] = { copied: tables['versions'].copied - dangling, unreadable: tables['versions'].unreadable + dangling };
    }
    target.prepare('DELETE FROM heads WHERE current_version NOT IN (SELECT id FROM versions)').run();
    target.pragma('foreign_keys = ON');
  } finally {
    source.close();
    target.close();
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  renameSync(fresh, file);
  return { keptAs: path.basename(keptAs), tables };
}

/**
 * Content is read in rowid order where its table has rowids (schema 7 on): a damaged stretch
 * can be stepped over there, while a text key cannot.
 */
function readingKey(source: Database.Database, table: { name: string; key: string }): string {
  if (table.name !== 'blobs') return table.key;
  const listed = source.pragma(`table_list(${table.name})`) as { wr: number }[];
  return listed[0]?.wr === 0 ? 'rowid' : table.key;
}

function copyTable(source: Database.Database, target: Database.Database, table: string, key: string): { copied: number; unreadable: number } {
  const columns = new Set((target.pragma(`table_info(${table})`) as { name: string }[]).map((column) => column.name));
  let copied = 0;
  let unreadable = 0;
  let after: string | number | null = null;
  const numeric = key !== 'hash' && key !== 'module';
  for (;;) {
    const read = readFrom(source, table, key, after);
    for (const row of read.rows) {
      after = row[key] as string | number;
      if (table === 'blobs' && !blobIntact(row)) {
        unreadable += 1;
        continue;
      }
      try {
        insert(target, table, row, columns);
        copied += 1;
      } catch {
        unreadable += 1;
      }
    }
    if (!read.failed) break;
    unreadable += 1;
    // A damaged stretch: go on past it (rowid tables), or stop (text keys cannot be skipped over).
    const next: number | null = numeric ? skipAhead(source, table, key, Number(after ?? 0)) : null;
    if (next === null) break;
    after = next - 1;
  }
  return { copied, unreadable };
}

function readFrom(source: Database.Database, table: string, key: string, after: string | number | null): { rows: Record<string, unknown>[]; failed: boolean } {
  const rows: Record<string, unknown>[] = [];
  try {
    // `*` leaves a rowid out; named, it is read (and not copied: the target numbers its own rows).
    const columns = key === 'rowid' ? 'rowid, *' : '*';
    const statement = after === null ? source.prepare(`SELECT ${columns} FROM ${table} ORDER BY ${key}`) : source.prepare(`SELECT ${columns} FROM ${table} WHERE ${key} > ? ORDER BY ${key}`);
    for (const row of (after === null ? statement.iterate() : statement.iterate(after)) as Iterable<Record<string, unknown>>) rows.push(row);
    return { rows, failed: false };
  } catch {
    return { rows, failed: true };
  }
}

function skipAhead(source: Database.Database, table: string, key: string, last: number): number | null {
  for (const skip of SKIPS) {
    try {
      const row = source.prepare(`SELECT ${key} AS k FROM ${table} WHERE ${key} > ? ORDER BY ${key} LIMIT 1`).get(last + skip) as { k: number } | undefined;
      return row === undefined ? null : row.k;
    } catch {
      // Still inside the damage; probe further ahead.
    }
  }
  return null;
}

function insert(target: Database.Database, table: string, row: Record<string, unknown>, columns: ReadonlySet<string>): void {
  const names = Object.keys(row).filter((name) => columns.has(name));
  target.prepare(`INSERT OR IGNORE INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...names.map((name) => row[name]));
}

function blobIntact(row: Record<string, unknown>): boolean {
  try {
    return sha256(brotliDecompressSync(row['data'] as Buffer).toString('utf8')) === row['hash'];
  } catch {
    return false;
  }
}
