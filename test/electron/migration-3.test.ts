import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { migrate, SCHEMA_VERSION } from '../../electron/store/migrations';
import { CLEANUP_SQL, VERSION_SQL } from '../../electron/store/version-queries';

/** The query plan of `sql` as one line, with every parameter bound to a placeholder value. */
function planOf(db: Database.Database, sql: string): string {
  const named = [...sql.matchAll(/@(\w+)/g)].map((match) => match[1] as string);
  const parameters = named.length > 0 ? [Object.fromEntries(named.map((name) => [name, 'x']))] : Array.from(sql.matchAll(/\?/g), () => 'x');
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[];
  return rows.map((row) => row.detail).join(' | ');
}

function migratedTo(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, version);
  return db;
}

describe('migration 3: history indexes', () => {
  test('applies over a version-2 database with history and keeps every row', () => {
    const db = migratedTo(2);
    db.prepare("INSERT INTO blobs (hash, size, data) VALUES ('h1', 1, x'00')").run();
    db.prepare(`INSERT INTO versions (id, module, hash, state, stable, reason, created_at, restored_from, probation_until)
      VALUES ('v1', 'm', 'h1', 'stable', 1, 'r', 1, NULL, NULL), ('v2', 'm', 'h1', 'restored', 1, 'r', 2, 'v1', 99)`).run();
    db.prepare("INSERT INTO heads (module, current_version) VALUES ('m', 'v2')").run();
    expect(migrate(db, 3)).toBe(3);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT id FROM versions ORDER BY seq').pluck().all()).toEqual(['v1', 'v2']);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['versions_by_hash', 'versions_on_probation', 'versions_by_restored_from', 'heads_by_version']));
    db.close();
  });

  test('every query of the version store searches an index; none scans the versions table', () => {
    // The app's queries on the schema it runs them on (later migrations add columns they read).
    const db = migratedTo(SCHEMA_VERSION);
    db.exec(CLEANUP_SQL.createCandidates);
    // The newest-first timeline walks the table's own order and stops at LIMIT; cleanup ranks
    // the modules once by design (the module index, not the table). Everything else is a search.
    const readsInOrder = new Set(['history', 'selectCandidates']);
    for (const [name, sql] of [...Object.entries(VERSION_SQL), ...Object.entries(CLEANUP_SQL)]) {
      const plan = planOf(db, sql);
      if (!readsInOrder.has(name)) expect(plan, name).not.toMatch(/\bSCAN (v|versions)\b(?! USING INDEX versions_on_probation)/);
    }
    expect(planOf(db, VERSION_SQL.previous)).toContain('USING INDEX versions_by_module (module=? AND seq<?)');
    expect(planOf(db, VERSION_SQL.pageOfModule)).toContain('USING INDEX versions_by_module (module=? AND seq<?)');
    expect(planOf(db, VERSION_SQL.page)).toContain('USING INTEGER PRIMARY KEY (rowid<?)');
    expect(planOf(db, VERSION_SQL.onProbation)).toContain('USING INDEX versions_on_probation');
    expect(planOf(db, VERSION_SQL.lastStableOtherThan)).toContain('USING INDEX versions_stable_by_module');
    expect(planOf(db, CLEANUP_SQL.deleteBlobs)).toContain('USING COVERING INDEX versions_by_hash (hash=?)');
    expect(planOf(db, CLEANUP_SQL.deleteVersions)).toContain('USING COVERING INDEX heads_by_version');
    expect(planOf(db, CLEANUP_SQL.spareRestoredFrom)).toContain('USING COVERING INDEX versions_by_restored_from');
    // Cleanup lists the modules from the module index, then searches a range per module.
    expect(planOf(db, CLEANUP_SQL.selectCandidates)).toContain('SEARCH v USING INDEX versions_by_module (module=? AND seq<?)');
    db.close();
  });
});
