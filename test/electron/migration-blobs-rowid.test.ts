import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { MIGRATIONS, migrate } from '../../electron/store/migrations';
import { openStateDatabase } from '../../electron/store/database';
import { VersionStore } from '../../electron/store/version-store';
import type { ModuleId } from '../../shared/ids';

const migration = MIGRATIONS.find((candidate) => candidate.description.startsWith('content in a rowid table'));
const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A state.db on disk at the schema before this migration, with history written by the store. */
function databaseBefore(): { file: string; ids: string[]; contents: string[] } {
  const folder = mkdtempSync(path.join(tmpdir(), 'saraphina-migration-'));
  folders.push(folder);
  const file = path.join(folder, 'state.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db, (migration?.version as number) - 1);
  const versions = new VersionStore(db);
  const contents = ['export const a = 1;\n', 'export const a = 2;\n', `export const big = "${'x'.repeat(20_000)}";\n`];
  const ids = contents.map((content, index) => versions.add({ module: 'm' as ModuleId, content, state: index === 0 ? 'stable' : 'checkpoint', reason: `r${index}`, makeCurrent: true }).versionId as string);
  // A rollback entry restored from the first version, sharing its content.
  ids.push(versions.add({ module: 'm' as ModuleId, content: contents[0] as string, state: 'restored', reason: 'rollback', restoredFrom: ids[0] as never, makeCurrent: true }).versionId as string);
  db.close();
  return { file, ids, contents };
}

test('migration 7 moves content to a rowid table on an existing state.db, keeping every row and every reference', () => {
  expect(migration).toBeDefined();
  const { file, ids, contents } = databaseBefore();
  const before = new Database(file, { readonly: true });
  const rowsBefore = before.prepare('SELECT hash, size, data FROM blobs ORDER BY hash').all();
  const versionsBefore = before.prepare('SELECT * FROM versions ORDER BY seq').all();
  before.close();

  // What the app does at start: open, check, migrate.
  const db = openStateDatabase(file);
  expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(migration?.version as number);
  expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'blobs'").pluck().get()).not.toMatch(/WITHOUT ROWID/i);
  expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'blobs_with_rowid'").pluck().get()).toBe(0);
  expect(db.prepare('SELECT hash, size, data FROM blobs ORDER BY hash').all()).toEqual(rowsBefore);
  expect(db.prepare('SELECT * FROM versions ORDER BY seq').all()).toEqual(versionsBefore);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);

  // Content reads back, and the versions still refer to their content: a version naming no content is refused.
  const versions = new VersionStore(db);
  expect(ids.map((versionId) => versions.content(versions.require(versionId as never).hash))).toEqual([...contents, contents[0]]);
  expect(() => db.prepare("INSERT INTO versions (id, module, hash, state, reason, created_at) VALUES ('v_x', 'm', 'nothing', 'checkpoint', 'r', 0)").run()).toThrow(/FOREIGN KEY/);
  expect(() => db.prepare('DELETE FROM blobs').run()).toThrow(/FOREIGN KEY/);

  // Cleanup on the new table keeps what a kept entry was restored from.
  versions.cleanup({ keepLast: 0 });
  expect(versions.require(ids[0] as never).restoredFrom).toBeNull();
  expect(versions.get(ids[3] as never)?.restoredFrom).toBe(ids[0]);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  db.close();
});

test('migration 7 that fails part-way changes nothing and leaves foreign keys as they were', () => {
  const { file } = databaseBefore();
  const db = new Database(file);
  const foreignKeys = db.pragma('foreign_keys', { simple: true });
  // A table in the way makes the rebuild fail after the migration began.
  db.exec('CREATE TABLE blobs_with_rowid (x INTEGER)');
  expect(() => migrate(db)).toThrow(/blobs_with_rowid already exists/);
  expect(db.pragma('user_version', { simple: true })).toBe((migration?.version as number) - 1);
  expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'blobs'").pluck().get()).toMatch(/WITHOUT ROWID/i);
  expect(db.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(3);
  expect(db.pragma('foreign_keys', { simple: true })).toBe(foreignKeys);
  db.close();
});
