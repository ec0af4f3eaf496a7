import { watch } from 'node:fs';
import path from 'node:path';
import { shortHash } from '../../shared/ids';
import type { Engine } from '../engine/open-engine';

/** Watching files reloads through the engine; nothing else of it is needed. */
export type WatchEngine = Pick<Engine, 'runtime' | 'reloads'>;
import { sha256 } from '../base/sha256';
import { isNeverModule, sourceExtensionOf } from '../runtime/source-files';

const SETTLE_MS = 120;

/**
 * `session --watch`: reloads a module when its file is saved. Saves come as bursts of events
 * (editors write, rename, touch), so each file settles briefly first; a save that leaves the
 * content equal to what runs (a rollback's own write, a touch) is ignored.
 */
export function watchModules(engine: WatchEngine, report: (line: string) => void): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  const { workspace } = engine.runtime;
  const watcher = watch(workspace.sourceRoot, { recursive: true }, (_event, name) => {
    if (name === null || name.split(path.sep).includes('node_modules')) return;
    const file = path.join(workspace.sourceRoot, name);
    if ((sourceExtensionOf(file) === null && !file.endsWith('.json')) || isNeverModule(file)) return;
    const id = workspace.idOfFile(file);
    if (id === null) return;
    clearTimeout(timers.get(id));
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        void reloadIfChanged(engine, id, report);
      }, SETTLE_MS),
    );
  });
  return () => {
    watcher.close();
    for (const timer of timers.values()) clearTimeout(timer);
  };
}

async function reloadIfChanged(engine: WatchEngine, id: string, report: (line: string) => void): Promise<void> {
  const { runtime } = engine;
  const current = runtime.current(id as never);
  if (current === undefined) {
    report(`watch: ${id}.ts changed but is not loaded — /load ${id}`);
    return;
  }
  let source: string;
  try {
    source = runtime.workspace.readModuleSource(current.id);
  } catch {
    return;
  }
  if (sha256(source) === current.compiled.hash) return;
  const result = await engine.reloads.hotReloadModule(id, { source });
  const hashes = `${shortHash(result.oldHash ?? '')} → ${shortHash(result.newHash ?? '')}`;
  report(
    result.outcome === 'reloaded'
      ? `watch: reloaded ${id} ${hashes} in ${result.durationMs} ms`
      : `watch: ${result.outcome} ${id} ${hashes} — ${result.error?.message ?? ''} (previous code keeps running)`,
  );
  // The type errors that refused it, one a line, where they are.
  for (const detail of result.error?.details ?? []) report(`  ${detail}`);
}
