import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { MIGRATIONS, migrate } from '../../electron/store/migrations';

const migration = MIGRATIONS.find((candidate) => candidate.description.startsWith('type-check gate'));

test('the type-check migration keeps every version (as never checked) and accepts only known verdicts', () => {
  expect(migration).toBeDefined();
  const version = migration?.version as number;
  const db = new Database(':memory:');
  migrate(db, version - 1);
  db.prepare("INSERT INTO blobs (hash, size, data) VALUES ('h', 1, x'00')").run();
  db.prepare("INSERT INTO versions (id, module, hash, state, reason, created_at) VALUES ('v_old', 'm', 'h', 'stable', 'before', 0)").run();

  expect(migrate(db, version)).toBe(version);

  expect(db.prepare("SELECT type_check, type_errors FROM versions WHERE id = 'v_old'").get()).toEqual({ type_check: null, type_errors: null });
  db.prepare("INSERT INTO versions (id, module, hash, state, reason, created_at, type_check, type_errors) VALUES ('v_new', 'm', 'h', 'stable', 'now', 1, 'overridden', 2)").run();
  expect(() =>
    db.prepare("INSERT INTO versions (id, module, hash, state, reason, created_at, type_check) VALUES ('v_bad', 'm', 'h', 'stable', 'x', 2, 'maybe')").run(),
  ).toThrow(/CHECK constraint/);
  expect(db.prepare("SELECT name FROM pragma_table_info('reloads') WHERE name = 'type_check'").pluck().get()).toBe('type_check');
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
});
