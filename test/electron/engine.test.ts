import { describe, expect, test } from 'vitest';
import type { ModuleId } from '../../shared/ids';
import { moduleFile, readModule, startEngine, stopEngine, writeModule } from '../support/engine';
import { copyDemoWorkspace, id, makeWorkspace } from '../support/temp-workspace';

const KE = id('knowledge_engine');
const helper = "\nexport function ke_status(): string {\n  return 'ok';\n}\n";

async function demo() {
  const root = copyDemoWorkspace();
  const engine = await startEngine(root, { evalTimeoutMs: 300 });
  const call = (module: string, fn: string, ...args: unknown[]) => engine.runtime.call(module as ModuleId, fn, args);
  return { root, engine, call };
}

describe('hot reload', () => {
  test('an appended helper answers, facts stay, and importers see each new version', async () => {
    const { root, engine, call } = await demo();
    await call('knowledge_engine', 'add_fact', 'Paris is the capital of France');
    const original = readModule(root, 'knowledge_engine');

    writeModule(root, 'knowledge_engine', original + helper);
    const first = await engine.reloads.hotReloadModule('knowledge_engine', { probationMs: 0 });

    expect(first).toMatchObject({ outcome: 'reloaded', module: 'knowledge_engine' });
    expect(first.newHash).toMatch(/^[0-9a-f]{64}$/);
    // Its importers call it through live bindings: they see the new code without running again.
    expect(first.cascade).toEqual([]);
    expect(first.reran).toEqual([{ module: 'knowledge_engine', reason: 'its file changed' }]);
    expect(first.kept?.map((kept) => kept.module)).toEqual(expect.arrayContaining(['reasoning', 'conversation']));
    expect(first.kept?.every((kept) => kept.reason.includes('live bindings'))).toBe(true);
    expect(first.checks.filter((check) => !check.ok)).toEqual([]);
    expect(first.checks.map((check) => check.name)).toContain('smoke test');
    expect(await call('knowledge_engine', 'ke_status')).toBe('ok');
    expect(await call('knowledge_engine', 'count_facts')).toBe(1);
    expect(await call('saraphina', 'ask', 'What is the capital of France?')).toMatch(/Paris/);

    writeModule(root, 'knowledge_engine', original + helper.replace("'ok'", "'ok again'"));
    await engine.reloads.hotReloadModule('knowledge_engine', { probationMs: 0 });
    expect(await call('knowledge_engine', 'ke_status')).toBe('ok again');
    expect(engine.rollback.getLastStableVersion('knowledge_engine')?.hash).toBe(engine.runtime.current(KE)?.compiled.hash);
  });

  const badEdits: [string, (source: string) => string, string][] = [
    ['throws at load', (s) => `${s}\nthrow new Error('boom at load');\n`, 'boom at load'],
    ['has a syntax error', (s) => `${s}\nexport function broken( {\n`, 'does not compile'],
    ['removes an export', (s) => s.replace('export function count_facts', 'function count_facts'), 'exports removed: count_facts'],
    ['loops forever at load', (s) => `${s}\nwhile (true) {}\n`, 'did not finish loading'],
  ];

  test.each(badEdits)('an edit that %s is a visible no-op: old code answers, facts stay, edit kept', async (_what, edit, message) => {
    const { root, engine, call } = await demo();
    await call('knowledge_engine', 'add_fact', 'Water boils at 100 degrees');
    const before = engine.runtime.current(KE)?.compiled.hash;
    const edited = edit(readModule(root, 'knowledge_engine'));
    writeModule(root, 'knowledge_engine', edited);

    // Past the type-check gate (it refuses removed exports that importers use): this is about the checks after it.
    const result = await engine.reloads.hotReloadModule('knowledge_engine', { allowTypeErrors: true });

    expect(result.outcome).toBe('failed');
    expect(result.error?.message).toContain(message);
    expect(engine.runtime.current(KE)?.compiled.hash).toBe(before);
    expect(await call('knowledge_engine', 'count_facts')).toBe(1);
    expect(readModule(root, 'knowledge_engine')).toBe(edited);
    const recorded = engine.versions.require(result.versionId as string);
    expect(recorded).toMatchObject({ state: 'failed', stable: false });
    expect(engine.versions.content(recorded.hash)).toBe(edited);
    expect(engine.reloads.getReloadHistory(1)[0]).toMatchObject({ outcome: 'failed', module: 'knowledge_engine' });
  });

  test('a failure after the swap (a dependent breaks) puts every swapped module back', async () => {
    const root = makeWorkspace({
      base: 'export const settings = { ready: true };\n',
      user: 'import { settings } from "./base";\nif (!settings.ready) throw new Error("base is not ready");\nexport const read = () => "ready";\n',
    });
    const engine = await startEngine(root);
    const before = engine.runtime.current(id('base'))?.compiled.hash;
    // Passes its own checks, but its dependent read `settings` at load, so it re-runs, and throws.
    writeModule(root, 'base', 'export const settings = { ready: false };\n');

    const result = await engine.reloads.hotReloadModule('base');

    expect(result.outcome).toBe('rolled_back');
    expect(result.error?.message).toContain('base is not ready');
    expect(result.phases).toHaveProperty('swap');
    expect(engine.runtime.current(id('base'))?.compiled.hash).toBe(before);
    expect(await engine.runtime.call(id('user'), 'read', [])).toBe('ready');
    expect(engine.versions.require(result.versionId as string).state).toBe('rolled_back');
  });

  test('reloading unchanged code re-instantiates it without adding a version', async () => {
    const { engine } = await demo();
    const before = engine.rollback.getVersionHistory('knowledge_engine', 100);
    const result = await engine.reloads.hotReloadModule('knowledge_engine');
    expect(result).toMatchObject({ outcome: 'reloaded', versionId: before[0]?.versionId });
    expect(result.oldHash).toBe(result.newHash);
    expect(engine.rollback.getVersionHistory('knowledge_engine', 100)).toEqual(before);
    expect(engine.probation.isOnProbation(KE)).toBe(false);
  });

  test('refusals: ids outside the workspace, unknown and unloaded modules', async () => {
    const { engine } = await demo();
    expect(engine.reloads.canHotReload('../../x')).toMatchObject({ canReload: false });
    expect(engine.reloads.canHotReload('../../x').reasons[0]).toMatch(/outside the workspace/);
    expect(engine.reloads.canHotReload('nope').reasons[0]).toMatch(/No module "nope"/);
    const report = engine.reloads.canHotReload('knowledge_engine');
    expect(report).toMatchObject({ canReload: true, activeCalls: 0 });
    expect(report.dependents).toEqual(expect.arrayContaining(['reasoning', 'conversation']));
    const refused = await engine.reloads.hotReloadModule('../../x');
    expect(refused.outcome).toBe('refused');
    expect(engine.reloads.getReloadHistory(1)[0]?.outcome).toBe('refused');
  });
});

describe('rollback', () => {
  test('rolling back to the original makes the file byte-identical and adds a restored entry', async () => {
    const { root, engine, call } = await demo();
    const original = readModule(root, 'knowledge_engine');
    const first = engine.rollback.getVersionHistory('knowledge_engine', 10).at(-1);
    expect(first).toMatchObject({ state: 'stable', reason: 'first recorded version' });
    writeModule(root, 'knowledge_engine', original + helper);
    await engine.reloads.hotReloadModule('knowledge_engine', { probationMs: 0 });
    await call('knowledge_engine', 'add_fact', 'Snow is white');

    const result = await engine.rollback.rollbackToVersion(first?.versionId as string);

    expect(readModule(root, 'knowledge_engine')).toBe(original);
    await expect(call('knowledge_engine', 'ke_status')).rejects.toMatchObject({ code: 'NOT_A_FUNCTION' });
    expect(await call('knowledge_engine', 'count_facts')).toBe(1);
    const history = engine.rollback.getVersionHistory('knowledge_engine', 10);
    expect(history[0]).toMatchObject({ state: 'restored', restoredFrom: first?.versionId, versionId: result.versionId });
    expect(history[1]).toMatchObject({ state: 'pre_rollback' });
    expect(engine.versions.content(history[1]?.hash as never)).toBe(original + helper);
    expect(history.at(-1)).toEqual(first);
  });

  test('rollback points survive a restart', async () => {
    const { root, engine } = await demo();
    engine.rollback.createCheckpoint('knowledge_engine', 'src/knowledge_engine.ts', 'before experiments');
    expect(() => engine.rollback.createCheckpoint('knowledge_engine', '../../etc/passwd', 'x')).toThrow(/not the file/);
    const points = engine.rollback.getRollbackPoints(1000);
    await stopEngine(engine);
    const reopened = await startEngine(root);
    expect(reopened.rollback.getRollbackPoints(1000)).toEqual(points);
    expect(points[0]).toMatchObject({ state: 'checkpoint', reason: 'before experiments' });
  });

  test('an error during probation rolls back to the last stable version automatically', async () => {
    const { root, engine, call } = await demo();
    const original = readModule(root, 'knowledge_engine');
    const faulty = original.replace('export function count_facts(): number {', 'export function count_facts(): number {\n  if (globalThis.__explode === true) throw new Error("probation failure");');
    writeModule(root, 'knowledge_engine', faulty);
    // globalThis.__explode is untyped: past the type-check gate on purpose.
    const reload = await engine.reloads.hotReloadModule('knowledge_engine', { probationMs: 60_000, allowTypeErrors: true });
    expect(reload.outcome).toBe('reloaded');
    expect(engine.versions.require(reload.versionId as string)).toMatchObject({ state: 'candidate', stable: false });

    (globalThis as Record<string, unknown>)['__explode'] = true;
    try {
      await expect(call('knowledge_engine', 'count_facts')).rejects.toThrow('probation failure');
      await engine.queue.idle();
    } finally {
      delete (globalThis as Record<string, unknown>)['__explode'];
    }

    expect(readModule(root, 'knowledge_engine')).toBe(original);
    expect(await call('knowledge_engine', 'count_facts')).toBe(0);
    expect(engine.versions.require(reload.versionId as string).state).toBe('rolled_back');
    expect(engine.rollback.getVersionHistory('knowledge_engine', 1)[0]?.reason).toMatch(/automatic rollback: .*probation failure/);
  });

  test('a clean probation window marks the version stable', async () => {
    const { root, engine } = await demo();
    writeModule(root, 'knowledge_engine', readModule(root, 'knowledge_engine') + helper);
    const reload = await engine.reloads.hotReloadModule('knowledge_engine', { probationMs: 30 });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(engine.versions.require(reload.versionId as string)).toMatchObject({ state: 'stable', stable: true });
  });

  test('a version on probation when the app stops does not survive the restart', async () => {
    const { root, engine } = await demo();
    const original = readModule(root, 'knowledge_engine');
    writeModule(root, 'knowledge_engine', original + helper);
    await engine.reloads.hotReloadModule('knowledge_engine', { probationMs: 60_000 });
    await stopEngine(engine);

    const reopened = await startEngine(root);

    expect(reopened.recovered).toEqual([{ module: 'knowledge_engine', cause: 'on probation', reverted: true }]);
    expect(readModule(root, 'knowledge_engine')).toBe(original);
    const [restored, kept] = reopened.rollback.getVersionHistory('knowledge_engine', 2);
    expect(restored).toMatchObject({ state: 'restored', stable: true });
    expect(kept).toMatchObject({ state: 'failed' });
    expect(reopened.versions.content(kept?.hash as never)).toBe(original + helper);
  });

  test('cleanup keeps stable and current versions and removes unreferenced content', async () => {
    const { root, engine } = await demo();
    const original = readModule(root, 'knowledge_engine');
    for (let index = 0; index < 5; index += 1) {
      writeModule(root, 'knowledge_engine', `${original}\nexport const n${index} = ${index};\n`);
      engine.rollback.createCheckpoint('knowledge_engine', null, `edit ${index}`);
    }
    writeModule(root, 'knowledge_engine', original);
    const removed = engine.rollback.cleanupOldVersions({ keepLast: 1 });
    expect(removed.removedVersions).toBe(4);
    expect(removed.removedBlobs).toBe(4);
    const left = engine.rollback.getVersionHistory('knowledge_engine', 100);
    expect(left.map((version) => version.state)).toEqual(['checkpoint', 'stable']);
    expect(moduleFile(root, 'knowledge_engine')).toBeTruthy();
  });
});
