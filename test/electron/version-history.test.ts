import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openStateDatabase } from '../../electron/store/database';
import { VersionStore } from '../../electron/store/version-store';
import type { VersionId } from '../../shared/ids';
import { id, tempDir } from '../support/temp-workspace';

function store() {
  const db = openStateDatabase(':memory:');
  return { db, versions: new VersionStore(db) };
}

describe('timeline pages', () => {
  test('pages walk the whole history newest first, each version once, for all modules and for one', () => {
    const { db, versions } = store();
    const added = Array.from({ length: 23 }, (_, index) =>
      versions.add({ module: id(index % 3 === 0 ? 'a' : 'b'), content: `v${index}`, state: 'checkpoint', reason: `r${index}` }),
    );
    const walk = (module: 'a' | null) => {
      const seen: VersionId[] = [];
      let before: VersionId | null = null;
      let pages = 0;
      do {
        const page = versions.page(module === null ? null : id(module), before, 5);
        seen.push(...page.versions.map((version) => version.versionId));
        before = page.next;
        pages += 1;
      } while (before !== null);
      return { seen, pages };
    };
    const all = walk(null);
    expect(all.seen).toEqual(added.map((version) => version.versionId).reverse());
    expect(all.pages).toBe(5);
    const ofA = walk('a');
    expect(ofA.seen).toEqual(added.filter((version) => version.module === 'a').map((version) => version.versionId).reverse());
    // A page that ends exactly at the oldest version says there is no next one.
    expect(versions.page(id('a'), null, 8)).toMatchObject({ next: null });
    db.close();
  });

  test('the previous version is found however deep in the history, and the first has none', () => {
    const { db, versions } = store();
    const first = versions.add({ module: id('m'), content: 'one', state: 'stable', reason: 'first' });
    const second = versions.add({ module: id('m'), content: 'two', state: 'checkpoint', reason: 'second' });
    for (let index = 0; index < 200; index += 1) versions.add({ module: id('other'), content: `o${index}`, state: 'checkpoint', reason: 'noise' });
    versions.add({ module: id('m'), content: 'three', state: 'checkpoint', reason: 'third' });
    expect(versions.previous(second)?.versionId).toBe(first.versionId);
    expect(versions.previous(first)).toBeNull();
    expect(versions.lastStableOtherThan(id('m'), second.hash)?.versionId).toBe(first.versionId);
    expect(versions.lastStableOtherThan(id('m'), first.hash)).toBeNull();
    expect(versions.lastServedOtherThan(id('m'), first.hash)?.reason).toBe('third');
    db.close();
  });
});

describe('cleanup', () => {
  test('removes what no one needs and never leaves a "restored from" pointing at nothing', () => {
    const { db, versions } = store();
    const old = versions.add({ module: id('m'), content: 'original', state: 'checkpoint', reason: 'old checkpoint' });
    const sharedOld = versions.add({ module: id('m'), content: 'shared', state: 'checkpoint', reason: 'removed, its content is kept' });
    const restoredOnce = versions.add({ module: id('m'), content: 'original', state: 'checkpoint', reason: 'copy', restoredFrom: old.versionId });
    for (let index = 0; index < 30; index += 1) versions.add({ module: id('m'), content: `edit ${index}`, state: 'checkpoint', reason: 'edit' });
    const sharedNew = versions.add({ module: id('m'), content: 'shared', state: 'checkpoint', reason: 'kept: among the 5 newest' });
    // The newest entry restores a copy, which itself came from the old checkpoint: a chain.
    const restored = versions.add({ module: id('m'), content: 'original', state: 'restored', stable: true, reason: 'rollback', restoredFrom: restoredOnce.versionId, makeCurrent: true });
    const result = versions.cleanup({ keepLast: 5 });
    const left = new Set(versions.history(id('m'), 1000).map((version) => version.versionId));
    expect(left.has(restored.versionId)).toBe(true);
    expect(left.has(restoredOnce.versionId)).toBe(true);
    expect(left.has(old.versionId)).toBe(true);
    expect(left.has(sharedOld.versionId)).toBe(false);
    expect(left.has(sharedNew.versionId)).toBe(true);
    expect(versions.content(sharedNew.hash)).toBe('shared');
    expect(result.removedVersions).toBe(28);
    expect(result.removedBlobs).toBe(27);
    const dangling = db
      .prepare('SELECT COUNT(*) FROM versions v WHERE v.restored_from IS NOT NULL AND NOT EXISTS (SELECT 1 FROM versions t WHERE t.id = v.restored_from)')
      .pluck()
      .get();
    expect(dangling).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Turned off for the cleanup only: a head naming a missing version is still refused after it.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.prepare('INSERT OR REPLACE INTO heads (module, current_version) VALUES (?, ?)').run('m', 'v_missing')).toThrow(/FOREIGN KEY/);
    expect(versions.content(restored.hash)).toBe('original');
    // Run again: nothing more to remove.
    expect(versions.cleanup({ keepLast: 5 })).toEqual({ removedVersions: 0, removedBlobs: 0 });
    db.close();
  });

  test('a large cleanup leaves its WAL to a checkpoint on another thread; writes go on meanwhile and nothing kept is lost', async () => {
    const file = path.join(tempDir(), 'state.db');
    const db = openStateDatabase(file);
    const versions = new VersionStore(db);
    // 20,000 versions of one module, each with its own 2.5 KB of stored content, seeded in SQL.
    const kept = versions.add({ module: id('m'), content: 'kept: stable', state: 'stable', reason: 'first' });
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
      INSERT INTO blobs (hash, size, data) SELECT printf('%064x', i), 9000, randomblob(2500) FROM n`);
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
      INSERT INTO versions (id, module, hash, state, stable, reason, created_at)
      SELECT printf('v_%012d', i), 'm', printf('%064x', i), 'checkpoint', 0, 'seeded', 1700000000000 + i FROM n`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(versions.cleanup({ keepLast: 10 })).toEqual({ removedVersions: 19990, removedBlobs: 19990 });
    // The agent's thread writes on while the cleanup's frames are copied.
    const during = versions.add({ module: id('m'), content: 'written during the checkpoint', state: 'checkpoint', reason: 'edit' });
    const result = await versions.checkpointed;
    expect(result).not.toBeNull();
    // The worker copied the cleanup's frames (over the 1,000 pages at which the commit would have
    // done it on the agent's thread).
    expect(result?.checkpointed).toBeGreaterThan(1000);
    expect(versions.history(id('m'), 100)).toHaveLength(12);
    expect(versions.content(during.hash)).toBe('written during the checkpoint');
    expect(versions.content(kept.hash)).toBe('kept: stable');
    db.close();
    // Reopened from the file alone: everything kept is there, and the database is whole.
    const reopened = openStateDatabase(file);
    expect(new VersionStore(reopened).history(id('m'), 100)).toHaveLength(12);
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });
});
