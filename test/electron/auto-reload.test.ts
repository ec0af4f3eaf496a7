import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AutoReloadEvent } from '../../shared/auto-reload';
import type { ModuleId } from '../../shared/ids';
import type { Engine } from '../../electron/engine/open-engine';
import { createInterpreter } from '../../electron/app/app-services';
import { ProposalService } from '../../electron/proposals/proposal-service';
import { readModule, startEngine, stopEngine, writeModule } from '../support/engine';
import { makeProject } from '../support/project-workspace';

const FILES = {
  'package.json': { name: 'agent', type: 'module', main: 'src/main.ts' },
  'src/tools.ts': "export function greet(name: string): string { return 'hello ' + name; }\n",
  'src/other.ts': 'export const other = 1;\n',
  'src/main.ts': "import { greet } from './tools';\nimport { other } from './other';\nexport function run(name: string): string { return greet(name) + other; }\n",
};

/** Every auto-reload event, and a wait for the next finished reload of a module. */
function recordAutoReloads(engine: Engine) {
  const events: AutoReloadEvent[] = [];
  const waiting: { module: string; resolve: (event: AutoReloadEvent & { phase: 'finished' }) => void }[] = [];
  engine.autoReload.onDidReload((event) => {
    events.push(event);
    if (event.phase !== 'finished') return;
    for (const entry of waiting.splice(0)) {
      if (entry.module === event.module) entry.resolve(event);
      else waiting.push(entry);
    }
  });
  const finished = (module: string) => new Promise<AutoReloadEvent & { phase: 'finished' }>((resolve) => waiting.push({ module, resolve }));
  return { events, finished };
}

async function open(root = makeProject({ ...FILES, 'saraphina.config.json': { probationMs: 0 } })) {
  const engine = await startEngine(root);
  const call = (module: string, fn: string, ...args: unknown[]) => engine.runtime.call(module as ModuleId, fn, args);
  return { root, engine, call, ...recordAutoReloads(engine) };
}

describe('auto-reload on save', () => {
  test('is off by default; once on, a saved file is reloaded through the checks and the setting is kept for the workspace', async () => {
    const { root, engine, call, finished } = await open();
    expect(engine.autoReload.state()).toEqual({ enabled: false, problem: null });
    expect(existsSync(path.join(root, '.saraphina', 'settings.json'))).toBe(false);
    // Saved while off: nothing watches it (checked below, after a later save was reloaded).
    writeModule(root, 'other', 'export const other = 2;\n');

    expect(engine.autoReload.setEnabled(true)).toEqual({ enabled: true, problem: null });
    expect(JSON.parse(readFileSync(path.join(root, '.saraphina', 'settings.json'), 'utf8'))).toEqual({ autoReload: true });
    const reloaded = finished('tools');
    writeModule(root, 'tools', "export function greet(name: string): string { return 'hi ' + name; }\n");
    const { record } = await reloaded;

    expect(record.outcome).toBe('reloaded');
    expect(await call('main', 'run', 'ada')).toBe('hi ada1');
    expect(engine.versions.current('tools' as ModuleId)?.reason).toBe('auto-reload on save');
    expect(engine.reloads.getReloadHistory(10, 'other' as ModuleId)).toEqual([]);

    await stopEngine(engine);
    const again = await open(root);
    expect(again.engine.autoReload.state().enabled).toBe(true);
    const next = again.finished('tools');
    writeModule(root, 'tools', "export function greet(name: string): string { return 'hey ' + name; }\n");
    expect((await next).record.outcome).toBe('reloaded');
    expect(await again.call('tools', 'greet', 'bo')).toBe('hey bo');
  });

  test('a save that does not compile is a visible no-op: the old code keeps serving and the file keeps the edit', async () => {
    const { root, engine, call, events, finished } = await open();
    engine.autoReload.setEnabled(true);
    const broken = "export function greet(name: string): string { return 'oops ' + name;\n";
    const failed = finished('tools');
    writeModule(root, 'tools', broken);
    const { record } = await failed;

    expect(record.outcome).not.toBe('reloaded');
    expect(record.error?.message).toBeTruthy();
    expect(events.filter((event) => event.module === 'tools').map((event) => event.phase)).toEqual(['started', 'finished']);
    expect(await call('main', 'run', 'ada')).toBe('hello ada1');
    expect(readModule(root, 'tools')).toBe(broken);
  });

  test("a rollback's own write is not reloaded again; turning it off is saved too", async () => {
    const { root, engine, events, finished } = await open();
    const first = engine.versions.current('tools' as ModuleId);
    engine.autoReload.setEnabled(true);
    const saved = finished('tools');
    writeModule(root, 'tools', "export function greet(name: string): string { return 'hi ' + name; }\n");
    await saved;
    await engine.rollback.rollbackToVersion(first?.versionId ?? '', 'back');
    // Saves settle and queue in the order they came: once the later save's reload finished, the rollback's write was seen.
    const other = finished('other');
    writeModule(root, 'other', 'export const other = 3;\n');
    await other;
    expect(events.filter((event) => event.module === 'tools' && event.phase === 'started')).toHaveLength(1);

    engine.autoReload.setEnabled(false);
    expect(JSON.parse(readFileSync(path.join(root, '.saraphina', 'settings.json'), 'utf8'))).toEqual({ autoReload: false });
  });

  test('/auto-reload on|off in the session turns the same setting; anything else is refused with the usage', async () => {
    const { engine } = await open();
    const interpreter = createInterpreter({ engine, proposals: new ProposalService(engine), close: async () => undefined, closeNow: () => undefined }, async () => '');
    const on = await interpreter.execute('/auto-reload on');
    expect(on).toMatchObject({ ok: true, result: { enabled: true } });
    expect(engine.autoReload.state().enabled).toBe(true);
    expect(await interpreter.execute('/auto-reload')).toMatchObject({ ok: true, text: expect.stringMatching(/^Auto-reload on save is on/) });
    expect(await interpreter.execute('/auto-reload maybe')).toMatchObject({ ok: false, error: { code: 'USAGE', hint: 'Usage: /auto-reload [on|off]' } });
    expect(await interpreter.execute('/auto-reload off')).toMatchObject({ ok: true, result: { enabled: false } });
    expect(engine.autoReload.state().enabled).toBe(false);
  });
});
