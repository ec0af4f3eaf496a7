import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { ModuleId } from '../../shared/ids';
import { sha256 } from '../base/sha256';
import type { ReloadRecord } from '../../shared/history';
import type { Workspace } from '../runtime/workspace';
import { isNeverModule, sourceExtensionOf } from '../runtime/source-files';
import type { Engine } from './open-engine';

/** Saves come as bursts of events (editors write, rename, touch): each file settles this long first. */
const SETTLE_MS = 120;

/**
 * Calls `onSaved` once per module file after a save settles (source files and JSON under the
 * source root; never tests, declarations or node_modules). Returns a function that stops watching.
 * The one watcher behind `session --watch` and auto-reload on save.
 */
export function watchModuleSaves(workspace: Workspace, onSaved: (id: ModuleId) => void, onError: (error: unknown) => void): () => void {
  const timers = new Map<ModuleId, NodeJS.Timeout>();
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(workspace.sourceRoot, { recursive: true, persistent: false }, (_event, name) => {
      if (name === null || name.split(path.sep).includes('node_modules')) return;
      const file = path.join(workspace.sourceRoot, name);
      if ((sourceExtensionOf(file) === null && !file.endsWith('.json')) || isNeverModule(file)) return;
      const id = workspace.idOfFile(file);
      if (id === null) return;
      clearTimeout(timers.get(id));
      const timer = setTimeout(() => {
        timers.delete(id);
        onSaved(id);
      }, SETTLE_MS);
      timer.unref();
      timers.set(id, timer);
    });
    watcher.on('error', onError);
  } catch (error) {
    onError(error);
  }
  return () => {
    watcher?.close();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}

/** What a save led to: a reload attempt, or nothing (the file equals what runs, or the module is not loaded). */
export type SaveOutcome =
  | { readonly kind: 'reloaded'; readonly record: ReloadRecord }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'not_loaded' };

export type SaveReloadEngine = Pick<Engine, 'runtime' | 'reloads' | 'queue'>;

/**
 * Reloads a saved module through the normal path (type check, health, smoke test, probation)
 * when its file differs from the code that runs. The comparison runs in the change queue, so a
 * rollback's or an apply's own write (or one it put back after a failure) is never reloaded twice.
 * `onStart` is told just before a reload begins.
 */
export function reloadIfSaved(engine: SaveReloadEngine, id: ModuleId, reason: string, onStart: () => void = () => undefined): Promise<SaveOutcome> {
  return engine.queue.run(async (): Promise<SaveOutcome> => {
    const { runtime } = engine;
    const current = runtime.current(id);
    if (current === undefined) return { kind: 'not_loaded' };
    let source: string;
    try {
      source = runtime.workspace.readModuleSource(current.id);
    } catch {
      // Removed or unreadable mid-save: the next save says more.
      return { kind: 'unchanged' };
    }
    if (sha256(source) === current.compiled.hash) return { kind: 'unchanged' };
    onStart();
    return { kind: 'reloaded', record: await engine.reloads.reloadNow(id, { source, reason }) };
  });
}
