import { createHash } from 'node:crypto';
import { existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openEngine } from '../../electron/engine/open-engine';
import { sha256 } from '../../electron/runtime/compile';
import { stateDatabasePath } from '../../electron/store/database';
import type { ModuleId } from '../../shared/ids';
import { moduleFile, startEngine, stopEngine } from '../support/engine';
import { runCli } from '../support/run-cli';
import { copyDemoWorkspace } from '../support/temp-workspace';

/*
 * state.db as a failing disk or a careless `rm` leaves it: damaged pages, deleted or replaced
 * under the running app. Nothing recorded may be lost silently, and the user gets one line.
 */

const KE = 'knowledge_engine' as ModuleId;
const fileHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A workspace whose history has a few hundred versions (so the database has many pages). */
async function withHistory() {
  const root = copyDemoWorkspace();
  const engine = await startEngine(root);
  const original = readFileSync(moduleFile(root, KE), 'utf8');
  engine.versions.transaction(() => {
    for (let index = 0; index < 300; index += 1) {
      engine.versions.add({ module: KE, content: `${original}\n// edit ${index} ${'x'.repeat(200 + index)}\n`, state: 'checkpoint', reason: `edit ${index}` });
    }
  });
  return { root, engine, original };
}

describe('a damaged state.db', () => {
  test('is refused at open with the way out; --repair rebuilds it from what can be read and keeps the damaged file', async () => {
    const { root, engine } = await withHistory();
    const before = engine.versions.history(null, 10_000).length;
    await stopEngine(engine);
    const file = stateDatabasePath(root);
    // Garbage over a few pages in the middle, as a failing disk would leave them.
    const pages = Math.floor(statSync(file).size / 4096);
    const fd = openSync(file, 'r+');
    for (const page of [Math.floor(pages / 2), Math.floor(pages / 2) + 1]) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, page * 4096);
    closeSync(fd);
    const damagedHash = fileHash(file);

    await expect(openEngine(root)).rejects.toThrow(expect.objectContaining({ code: 'DATABASE_DAMAGED', message: expect.stringMatching(/^state\.db is damaged \(.*\); nothing was changed\.$/), hint: expect.stringContaining('db-check --repair') }));
    expect(fileHash(file)).toBe(damagedHash);

    const check = await runCli(['db-check', '--full', '--workspace', root]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/is damaged:/);

    const repair = await runCli(['db-check', '--repair', '--workspace', root, '--json']);
    expect(repair.code, repair.stderr).toBe(0);
    const report = JSON.parse(repair.stdout) as { keptAs: string; tables: Record<string, { copied: number }> };
    expect(fileHash(path.join(root, '.saraphina', report.keptAs))).toBe(damagedHash);

    const reopened = await startEngine(root);
    const versions = reopened.versions.history(null, 10_000);
    expect(versions.length).toBeGreaterThan(before / 2);
    for (const version of versions) expect(sha256(reopened.versions.content(version.hash))).toBe(version.hash);
    expect((await runCli(['db-check', '--full', '--workspace', root])).code).toBe(0);
  }, 60_000);
});

describe('state.db deleted or replaced while the app runs', () => {
  test('deleted: the next change is refused in one line and the history is written back, not lost at exit', async () => {
    const { root, engine } = await withHistory();
    const count = engine.versions.history(null, 10_000).length;
    const file = stateDatabasePath(root);
    rmSync(file);
    await expect(engine.reloads.hotReloadModule(KE)).rejects.toThrow(/state\.db was deleted while the app was running; its history so far was written back to .*state\.db\. Restart the app/);
    engine.versions.add({ module: KE, content: 'export const late = 1;\n', state: 'checkpoint', reason: 'recorded after the deletion' });
    await stopEngine(engine);
    const reopened = await startEngine(root);
    const history = reopened.versions.history(null, 10_000);
    expect(history.length).toBeGreaterThanOrEqual(count + 1);
    expect(history.some((version) => version.reason === 'recorded after the deletion')).toBe(true);
  });

  test('replaced: the replacement is left alone and the history is saved beside it', async () => {
    const { root, engine } = await withHistory();
    const count = engine.versions.history(null, 10_000).length;
    const file = stateDatabasePath(root);
    rmSync(file);
    writeFileSync(file, 'someone else’s file');
    await expect(engine.rollback.rollbackToVersion(engine.versions.history(KE, 1)[0]?.versionId ?? '')).rejects.toThrow(/state\.db was replaced while the app was running; its history so far was written back to .*from-running-app-/);
    await stopEngine(engine);
    expect(readFileSync(file, 'utf8')).toBe('someone else’s file');
    const saved = readdirSync(path.dirname(file)).find((name) => name.includes('from-running-app-')) ?? '';
    rmSync(file);
    writeFileSync(file, readFileSync(path.join(path.dirname(file), saved)));
    const reopened = await startEngine(root);
    expect(reopened.versions.history(null, 10_000).length).toBe(count);
    expect(existsSync(file)).toBe(true);
  });
});
