import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { writeFileAtomic } from '../../electron/engine/atomic-write';
import { sha256 } from '../../electron/runtime/compile';
import { ChangeJournal } from '../../electron/store/journal';
import type { ModuleId } from '../../shared/ids';
import { moduleFile, startEngine, stopEngine } from '../support/engine';
import { copyDemoWorkspace, makeWorkspace } from '../support/temp-workspace';

/*
 * Crash recovery restores only known-good code. A killed process is stood in for by leaving the
 * database as the process leaves it at that point (journal row open, probation recorded) and
 * closing without cleanup; the real SIGKILLs are in test/e2e/fault-injection.test.ts.
 */

const KE = 'knowledge_engine' as ModuleId;

describe('the first recorded version', () => {
  test('is stable only when it loaded and passed its checks', async () => {
    const root = makeWorkspace({
      good: 'export const ok = 1;\n',
      broken: "throw new Error('never compiled right');\nexport const x = 1;\n",
      unhealthy: "export function health() { throw new Error('sick'); }\n",
    });
    const engine = await startEngine(root);
    const first = (module: string) => engine.versions.history(module as ModuleId, 10).at(-1);
    expect(first('good')).toMatchObject({ stable: true, reason: 'first recorded version' });
    expect(first('broken')).toMatchObject({ stable: false, state: 'checkpoint' });
    expect(first('broken')?.reason).toMatch(/not stable: it did not load \(.*never compiled right/);
    expect(first('unhealthy')).toMatchObject({ stable: false });
    expect(first('unhealthy')?.reason).toMatch(/checks failed \(health\(\): .*sick/);
  });

  test('a broken baseline is never written back by crash recovery', async () => {
    const root = makeWorkspace({ a: "throw new Error('broken at first');\n" });
    const engine = await startEngine(root);
    const fixed = 'export const a = 1;\n';
    writeFileSync(moduleFile(root, 'a'), fixed);
    await engine.runtime.load('a' as ModuleId).catch(() => undefined);
    // A reload journal row left open, as a process killed mid-change leaves it.
    new ChangeJournal(engine.db).open('reload', 'a' as ModuleId, { previousHash: null });
    engine.closeNow();
    const reopened = await startEngine(root);
    expect(readFileSync(moduleFile(root, 'a'), 'utf8')).toBe(fixed);
    expect(reopened.db.prepare('SELECT COUNT(*) FROM journal').pluck().get()).toBe(0);
  });
});

describe('a rollback killed midway', () => {
  /** v1 stable (first), v2 stable (reloaded), v3 on disk and on probation: "before" is not the last stable. */
  async function threeVersions() {
    const root = copyDemoWorkspace();
    const engine = await startEngine(root);
    const v1 = engine.versions.history(KE, 10).at(-1);
    const original = readFileSync(moduleFile(root, KE), 'utf8');
    writeFileSync(moduleFile(root, KE), `${original}\nexport const marker = 'v2';\n`);
    expect((await engine.reloads.hotReloadModule(KE, { probationMs: 0 })).outcome).toBe('reloaded');
    const v3 = `${original}\nexport const marker = 'v3';\n`;
    writeFileSync(moduleFile(root, KE), v3);
    expect((await engine.reloads.hotReloadModule(KE, { probationMs: 600_000 })).outcome).toBe('reloaded');
    return { root, engine, v1: v1?.versionId ?? '', original, v3 };
  }

  test('after the write: it ends at the target, not at the last stable version', async () => {
    const { root, engine, v1, original, v3 } = await threeVersions();
    new ChangeJournal(engine.db).open('rollback', KE, { previousHash: sha256(v3), targetHash: sha256(original), targetVersionId: v1 });
    writeFileAtomic(moduleFile(root, KE), original);
    engine.closeNow();
    await stopEngine(engine);
    const reopened = await startEngine(root);
    expect(readFileSync(moduleFile(root, KE), 'utf8')).toBe(original);
    expect(reopened.versions.current(KE)).toMatchObject({ hash: sha256(original), state: 'restored', restoredFrom: v1 });
    expect(reopened.runtime.current(KE)?.compiled.hash).toBe(sha256(original));
    expect(reopened.db.prepare('SELECT COUNT(*) FROM journal').pluck().get()).toBe(0);
  });

  test('before the write: it ends at "before"', async () => {
    const { root, engine, v1, original, v3 } = await threeVersions();
    new ChangeJournal(engine.db).open('rollback', KE, { previousHash: sha256(v3), targetHash: sha256(original), targetVersionId: v1 });
    engine.closeNow();
    await stopEngine(engine);
    const reopened = await startEngine(root);
    expect(readFileSync(moduleFile(root, KE), 'utf8')).toBe(v3);
    expect(reopened.versions.current(KE)?.hash).toBe(sha256(v3));
    expect(reopened.db.prepare('SELECT COUNT(*) FROM journal').pluck().get()).toBe(0);
  });
});
