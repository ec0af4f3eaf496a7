import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { openStateDatabase } from '../../electron/store/database';
import { MIGRATIONS, migrate } from '../../electron/store/migrations';
import { scratchDir } from '../support/scratch-dir';

const temp = scratchDir('saraphina-migration-background-errors-');
afterAll(() => temp.remove());

const migration = MIGRATIONS.find((candidate) => candidate.description.startsWith('background errors'));
const version = migration?.version as number;

/** A state.db as the previous schema made it, with a version, a reload and a crash in it. */
function previousSchemaDatabase(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrate(db, version - 1);
  db.prepare("INSERT INTO blobs (hash, size, data) VALUES ('h1', 3, x'616263')").run();
  db.prepare("INSERT INTO versions (id, module, hash, state, reason, created_at) VALUES ('v1', 'm', 'h1', 'checkpoint', 'first', 1)").run();
  db.prepare("INSERT INTO heads (module, current_version) VALUES ('m', 'v1')").run();
  db.prepare("INSERT INTO reloads (id, module, started_at, duration_ms, phases, outcome, cascade, checks) VALUES ('r1', 'm', 0, 1, '{}', 'reloaded', '[]', '[]')").run();
  db.prepare("INSERT INTO agent_crashes (at, kind, reason, last_output) VALUES (5, 'signal', 'killed', '[]')").run();
  db.close();
}

test('the background-error migration keeps everything a user had, and the new tables take errors', () => {
  expect(migration).toBeDefined();
  const file = path.join(temp.dir, 'kept.db');
  previousSchemaDatabase(file);
  // Opened the way the app opens it: checked, then migrated.
  const db = openStateDatabase(file);
  expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(version);
  expect(db.prepare('SELECT id, state FROM versions').all()).toEqual([{ id: 'v1', state: 'checkpoint' }]);
  expect(db.prepare('SELECT current_version FROM heads').pluck().get()).toBe('v1');
  expect(db.prepare('SELECT id FROM reloads').pluck().all()).toEqual(['r1']);
  expect(db.prepare('SELECT reason FROM agent_crashes').pluck().all()).toEqual(['killed']);
  db.prepare(`INSERT INTO background_errors (run, module, hash, kind, message, location, stack, action, count, first_at, last_at)
    VALUES ('run1', 'm', 'h1', 'uncaught exception', 'boom', 'm.ts:1:1', 'Error: boom', 'recorded', 2, 1, 2)`).run();
  db.prepare("INSERT INTO background_error_counts (module, hash, count) VALUES ('m', 'h1', 2)").run();
  expect(() => db.prepare(`INSERT INTO background_errors (run, module, hash, kind, message, stack, action, count, first_at, last_at)
    VALUES ('run1', 'm', 'h1', 'uncaught exception', 'boom', '', 'ignored', 1, 1, 1)`).run()).toThrow(/CHECK constraint/);
  // The listing of a module's newest errors reads the index, not the table.
  const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM background_errors WHERE module = 'm' AND run != 'x' ORDER BY last_at DESC LIMIT 5").all() as { detail: string }[];
  expect(plan.map((row) => row.detail).join(' ')).toContain('background_errors_by_module');
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
});

test('a migration that fails part-way changes nothing: the schema stays at the previous version', () => {
  const file = path.join(temp.dir, 'failing.db');
  previousSchemaDatabase(file);
  const db = new Database(file);
  // Its second table already there (as a damaged or hand-edited file could have it): the migration fails there.
  db.exec('CREATE TABLE background_error_counts (x INTEGER)');
  expect(() => migrate(db, version)).toThrow(/already exists/);
  expect(db.pragma('user_version', { simple: true })).toBe(version - 1);
  expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'background_errors%'").all()).toEqual([]);
  expect(db.prepare('SELECT count(*) FROM versions').pluck().get()).toBe(1);
  db.close();
});
