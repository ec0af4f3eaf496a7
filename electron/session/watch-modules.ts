import { shortHash } from '../../shared/ids';
import type { ModuleId } from '../../shared/ids';
import { reloadIfSaved, watchModuleSaves, type SaveReloadEngine } from '../engine/module-saves';

/** Watching files reloads through the engine; nothing else of it is needed. */
export type WatchEngine = SaveReloadEngine;

/**
 * `session --watch`: reloads a module when its file is saved, and says how it went in one line.
 * A save that leaves the content equal to what runs (a rollback's own write, a touch) is ignored.
 */
export function watchModules(engine: WatchEngine, report: (line: string) => void): () => void {
  return watchModuleSaves(
    engine.runtime.workspace,
    (id) => void reloadAndReport(engine, id, report),
    (error) => report(`watch: cannot watch ${engine.runtime.workspace.sourceRoot}: ${error instanceof Error ? error.message : String(error)}`),
  );
}

async function reloadAndReport(engine: WatchEngine, id: ModuleId, report: (line: string) => void): Promise<void> {
  const outcome = await reloadIfSaved(engine, id, 'saved (session --watch)');
  if (outcome.kind === 'not_loaded') {
    report(`watch: ${id}.ts changed but is not loaded — /load ${id}`);
    return;
  }
  if (outcome.kind === 'unchanged') return;
  const result = outcome.record;
  const hashes = `${shortHash(result.oldHash ?? '')} → ${shortHash(result.newHash ?? '')}`;
  report(
    result.outcome === 'reloaded'
      ? `watch: reloaded ${id} ${hashes} in ${result.durationMs} ms`
      : `watch: ${result.outcome} ${id} ${hashes} — ${result.error?.message ?? ''} (previous code keeps running)`,
  );
  // The type errors that refused it, one a line, where they are.
  for (const detail of result.error?.details ?? []) report(`  ${detail}`);
}
