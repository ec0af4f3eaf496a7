import { rmSync } from 'node:fs';
import path from 'node:path';
import { openStateDatabase, type StateDatabase } from '../electron/store/database';
import { ChangeJournal } from '../electron/store/journal';
import { ReloadLog } from '../electron/store/reload-log';
import { VersionStore } from '../electron/store/version-store';
import type { ModuleId, Sha256, VersionId } from '../shared/ids';
import { workspaceWith } from './generate';
import { spread, timeEachSync, type Spread } from './measure';

const MILLION = 1_000_000;
const MODULES = 200;
const CONTENTS = 1_000;
const id = (index: number) => `v_${String(index).padStart(12, '0')}` as VersionId;

export interface QueryFigure {
  readonly query: string;
  readonly ms: Spread;
}

/**
 * A million versions (half of them one busy module's, 1 in 7 stable, 1 in 101 restored from the
 * one before) and a million reload records, seeded in SQL; then every query the engine and the
 * panel make, each timed 30 times. "timeline today" is what the panel's timeline asked for before
 * paging (listVersions with its default 20,000 rows).
 */
export function historyAtScale(): QueryFigure[] {
  return withDatabase((db) => {
    const versions = new VersionStore(db);
    const reloads = new ReloadLog(db);
    const journal = new ChangeJournal(db);
    const hashes = seedMillion(db, versions);
    const busy = 'module_0' as ModuleId;
    const quiet = 'module_7' as ModuleId;
    const deep = versions.require(id(MILLION / 2));
    const queries: [string, () => unknown][] = [
      ['current version of a module (head)', () => versions.current(busy)],
      ['a version by id', () => versions.get(id(123_457))],
      ['content of a version (read, decompress, verify)', () => versions.content(hashes[7] as Sha256)],
      ['last stable of the busy module', () => versions.lastStable(busy)],
      ['newest stable other than the file ("roll back X")', () => versions.lastStableOtherThan(quiet, hashes[0] as Sha256)],
      ['newest served other than the file ("what changed")', () => versions.lastServedOtherThan(busy, hashes[0] as Sha256)],
      ['previous version of one half-way back (version detail)', () => versions.previous(deep)],
      ['timeline page 1, 200 rows, all modules', () => versions.page(null, null, 200)],
      ['timeline page half-way back, 200 rows, all modules', () => versions.page(null, id(MILLION / 2), 200)],
      ['timeline page half-way back, 200 rows, busy module', () => versions.page(busy, id(MILLION / 2), 200)],
      ['/history: 50 of one module', () => versions.history(quiet, 50)],
      ['/rollback completion: 200 newest', () => versions.history(null, 200)],
      ['startup: versions on probation + open journal', () => [versions.onProbation(), journal.pending()]],
      ['reload history: 1,000 newest (panel audit)', () => reloads.list(1000)],
      ['reload history: 1,000 newest of one module', () => reloads.list(1000, quiet)],
      ['timeline before paging: 20,000 rows at once', () => versions.history(null, 20_000)],
    ];
    return queries.map(([query, run]) => ({ query, ms: spread(timeEachSync(30, run)) }));
  });
}

/**
 * Cleanup keeping 50 per module over 100,000 versions of 200 modules (1 in 7 stable, 1 in 101
 * restored from the one before), each with its own 2.5 KB of stored content (a 500-line module
 * compressed), seeded in SQL so the bench spends its time on the cleanup, not on brotli.
 */
export function cleanupAtScale(): { ms: number; removed: number } {
  return withDatabase((db) => {
    const versions = new VersionStore(db);
    db.transaction(() => {
      db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
        INSERT INTO blobs (hash, size, data) SELECT printf('%064x', i), 15000, randomblob(2500) FROM n`);
      db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
        INSERT INTO versions (id, module, hash, state, stable, reason, created_at, restored_from)
        SELECT printf('v_%012d', i), 'module_' || (i % ${MODULES}), printf('%064x', i),
          CASE WHEN i % 7 = 0 THEN 'stable' ELSE 'checkpoint' END, i % 7 = 0, 'seeded', 1700000000000 + i,
          CASE WHEN i % 101 = 0 THEN printf('v_%012d', i - 1) END
        FROM n`);
      db.exec('INSERT INTO heads (module, current_version) SELECT module, id FROM versions WHERE seq IN (SELECT MAX(seq) FROM versions GROUP BY module)');
    })();
    const started = performance.now();
    const { removedVersions } = versions.cleanup({ keepLast: 50 });
    return { ms: performance.now() - started, removed: removedVersions };
  });
}

function seedMillion(db: StateDatabase, versions: VersionStore): string[] {
  const hashes: string[] = [];
  db.transaction(() => {
    for (let index = 0; index < CONTENTS; index += 1) {
      hashes.push(versions.add({ module: 'seed' as ModuleId, content: `export const value = ${index};\n`, state: 'checkpoint', reason: 'seed' }).hash);
    }
    db.exec('DELETE FROM versions');
    db.exec('CREATE TEMP TABLE seed_hashes (k INTEGER PRIMARY KEY, hash TEXT NOT NULL)');
    const insertHash = db.prepare('INSERT INTO temp.seed_hashes (k, hash) VALUES (?, ?)');
    hashes.forEach((hash, index) => insertHash.run(index, hash));
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MILLION})
      INSERT INTO versions (id, module, hash, state, stable, reason, created_at, restored_from)
      SELECT printf('v_%012d', i),
        CASE WHEN i % 2 = 0 THEN 'module_0' ELSE 'module_' || (1 + i % ${MODULES - 1}) END,
        (SELECT hash FROM temp.seed_hashes WHERE k = i % ${CONTENTS}),
        CASE WHEN i % 7 = 0 THEN 'stable' ELSE 'checkpoint' END, i % 7 = 0, 'seeded', 1700000000000 + i,
        CASE WHEN i % 101 = 0 THEN printf('v_%012d', i - 1) END
      FROM n`);
    db.exec(`INSERT INTO heads (module, current_version) SELECT module, id FROM versions WHERE seq IN (SELECT MAX(seq) FROM versions GROUP BY module)`);
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MILLION})
      INSERT INTO reloads (id, module, started_at, duration_ms, phases, old_hash, new_hash, outcome, error, cascade, checks, version_id)
      SELECT printf('r_%012d', i), CASE WHEN i % 2 = 0 THEN 'module_0' ELSE 'module_' || (1 + i % ${MODULES - 1}) END,
        1700000000000 + i, 4.2, '{"compile":1.1,"checks":2.3}', NULL, NULL, 'reloaded', NULL, '["dep1","dep2"]',
        '[{"module":"m","name":"health","ok":true,"ms":0.1}]', printf('v_%012d', i)
      FROM n`);
    db.exec("UPDATE versions SET probation_until = 1700000009999 WHERE id IN ('v_000000999998', 'v_000000999999')");
  })();
  return hashes;
}

function withDatabase<T>(body: (db: StateDatabase) => T): T {
  const root = workspaceWith({});
  const db = openStateDatabase(path.join(root, '.saraphina', 'state.db'));
  try {
    return body(db);
  } finally {
    db.close();
    rmSync(root, { recursive: true, force: true });
  }
}
