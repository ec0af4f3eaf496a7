import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { MIGRATIONS, migrate } from '../../electron/store/migrations';

const migration = MIGRATIONS.find((candidate) => candidate.description.startsWith('reload reports'));

test('the reload-report migration keeps every reload (with no report) and stores new ones', () => {
  expect(migration).toBeDefined();
  const version = migration?.version as number;
  const db = new Database(':memory:');
  migrate(db, version - 1);
  db.prepare(
    "INSERT INTO reloads (id, module, started_at, duration_ms, phases, outcome, cascade, checks) VALUES ('r_old', 'm', 0, 1, '{}', 'reloaded', '[]', '[]')",
  ).run();

  expect(migrate(db, version)).toBe(version);

  expect(db.prepare("SELECT report FROM reloads WHERE id = 'r_old'").get()).toEqual({ report: null });
  db.prepare(
    "INSERT INTO reloads (id, module, started_at, duration_ms, phases, outcome, cascade, checks, report) VALUES ('r_new', 'm', 1, 1, '{}', 'reloaded', '[]', '[]', '{\"reran\":[]}')",
  ).run();
  expect(db.prepare("SELECT count(*) FROM reloads").pluck().get()).toBe(2);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
});
