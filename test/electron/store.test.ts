import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { openStateDatabase } from '../../electron/store/database';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from '../../electron/store/migrations';
import { newVersionId } from '../../electron/store/version-ids';
import { ProposalStore } from '../../electron/store/proposal-store';
import type { ProposalId, Sha256 } from '../../shared/ids';
import { VersionStore } from '../../electron/store/version-store';
import { id } from '../support/temp-workspace';

describe('migrations', () => {
  test.each(MIGRATIONS.map((migration) => [migration.version, migration.description] as const))(
    'migration %i (%s) applies to a fresh database and leaves it consistent',
    (version) => {
      const db = new Database(':memory:');
      expect(migrate(db, version)).toBe(version);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      if (version >= 1) {
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
        expect(tables).toEqual(expect.arrayContaining(['blobs', 'versions', 'heads', 'reloads', 'journal']));
        const plan = db
          .prepare('EXPLAIN QUERY PLAN SELECT * FROM versions WHERE module = ? ORDER BY seq DESC LIMIT 50')
          .all('m') as { detail: string }[];
        expect(plan.map((row) => row.detail).join(' ')).toContain('USING INDEX versions_by_module');
      }
      if (version >= 2) {
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
        expect(tables).toEqual(expect.arrayContaining(['proposals', 'sandbox_reports', 'proposal_applies']));
        const plan = db
          .prepare('EXPLAIN QUERY PLAN SELECT report FROM sandbox_reports WHERE proposal_id = ? ORDER BY seq')
          .all('p') as { detail: string }[];
        expect(plan.map((row) => row.detail).join(' ')).toContain('USING INDEX sandbox_reports_by_proposal');
        expect(() =>
          db.prepare(`INSERT INTO proposals (id, feature, code, code_hash, targets, mode, status, source, created_at, updated_at)
            VALUES ('p', 'f', 'c', 'h', '[]', 'sideways', 'draft', 'person', 0, 0)`).run(),
        ).toThrow(/CHECK constraint/);
      }
      db.close();
    },
  );

  test('a database from a newer app is refused rather than damaged', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this app/);
    db.close();
  });
});

describe('proposal store', () => {
  test('a proposal reads back exactly, with its reports and apply attempts in order', () => {
    const db = openStateDatabase(':memory:');
    const store = new ProposalStore(db);
    const record = {
      id: 'proposal_abc' as ProposalId,
      feature: '  Add KE_status() "as typed"  ',
      code: 'export const a = 1;\n',
      codeHash: 'h'.repeat(64) as Sha256,
      tests: null,
      targets: [{ module: id('knowledge_engine'), reason: 'default' as const }],
      mode: 'append' as const,
      status: 'draft' as const,
      source: 'person' as const,
      approval: null,
      createdAt: 1,
      updatedAt: 1,
      appliedVersionId: null,
    };
    store.insert(record);
    const report = { passed: true, codeHash: record.codeHash, targets: [id('knowledge_engine')], mode: 'append' as const, checks: [], startedAt: 2, durationMs: 3 };
    store.addReport(record.id, report);
    store.addReport(record.id, { ...report, passed: false, startedAt: 4 });
    store.update({ ...record, status: 'approved', approval: { codeHash: record.codeHash, forced: false, approvedAt: 5, by: 'me' }, updatedAt: 5 });
    expect(store.get(record.id)).toEqual({
      ...record,
      status: 'approved',
      approval: { codeHash: record.codeHash, forced: false, approvedAt: 5, by: 'me' },
      updatedAt: 5,
      sandboxReports: [report, { ...report, passed: false, startedAt: 4 }],
    });
    expect(store.get('proposal_missing')).toBeNull();
    db.close();
  });
});

describe('version store', () => {
  test('version ids are unique and ordered even for many in one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => newVersionId(1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((value) => value.startsWith('v_'))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });

  test('content is stored once per hash, compressed, and read back exactly', () => {
    const db = openStateDatabase(':memory:');
    const store = new VersionStore(db);
    const content = `export const big = ${JSON.stringify('x'.repeat(50_000))};\n// ünïcödé ✓\n`;
    const a = store.add({ module: id('m'), content, state: 'checkpoint', reason: 'a' });
    const b = store.add({ module: id('m'), content, state: 'checkpoint', reason: 'b' });
    expect(a.hash).toBe(b.hash);
    expect(db.prepare('SELECT COUNT(*) FROM blobs').pluck().get()).toBe(1);
    const stored = db.prepare('SELECT length(data) FROM blobs').pluck().get() as number;
    expect(stored).toBeLessThan(content.length / 10);
    expect(store.content(a.hash)).toBe(content);
    db.close();
  });

  test('last stable means code that passed and ran, not whatever came before', () => {
    const db = openStateDatabase(':memory:');
    const store = new VersionStore(db);
    const stable = store.add({ module: id('m'), content: 'a', state: 'stable', reason: 'ran', makeCurrent: true });
    store.add({ module: id('m'), content: 'b', state: 'checkpoint', reason: 'before change' });
    const candidate = store.add({ module: id('m'), content: 'c', state: 'candidate', reason: 'new', makeCurrent: true });
    expect(store.lastStable(id('m'))?.versionId).toBe(stable.versionId);
    store.setState(candidate.versionId, 'stable', true);
    expect(store.lastStable(id('m'))?.versionId).toBe(candidate.versionId);
    expect(store.current(id('m'))?.versionId).toBe(candidate.versionId);
    db.close();
  });
});
