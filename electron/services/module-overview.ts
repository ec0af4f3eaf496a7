import { statSync } from 'node:fs';
import type { DiskState, LastReload, ModuleHealth, ModuleInfo, ModuleOverview } from '../../shared/contract/panel';
import type { ModuleId } from '../../shared/ids';
import type { Engine } from '../engine/open-engine';

/** What a module's overview reads: the runtime, its versions, reloads and probation. */
export type OverviewEngine = Pick<Engine, 'runtime' | 'versions' | 'reloadLog' | 'probation' | 'backgroundErrors'>;
import { sha256 } from '../base/sha256';
import { describeModule } from '../runtime/module-info';
import { explainLastFailure } from '../engine/failure-explanation';

/** The module list as the panel's sidebar shows it. */
export function describeOverviews(engine: OverviewEngine): ModuleOverview[] {
  return engine.runtime.moduleIds().map((id) => describeOverview(engine, id));
}

export function describeOverview(engine: OverviewEngine, id: ModuleId): ModuleOverview {
  const info = describeModule(engine.runtime, id);
  const current = engine.versions.current(id);
  const [record] = engine.reloadLog.list(1, id);
  const lastReload: LastReload | null =
    record === undefined
      ? null
      : {
          outcome: record.outcome,
          startedAt: record.startedAt,
          error: record.error === null ? null : { code: record.error.code, message: record.error.message },
        };
  const onProbation = engine.probation.isOnProbation(id);
  const lastFailure = explainLastFailure(engine, id, info.lastError);
  return {
    ...info,
    health: healthOf(info, lastReload, onProbation),
    currentVersionId: current?.versionId ?? null,
    probationUntil: onProbation ? (current?.probationUntil ?? null) : null,
    lastReload,
    lastStableVersionId: engine.versions.lastStable(id)?.versionId ?? null,
    disk: diskState(engine, info),
    lastFailure,
    backgroundErrors: { count: engine.backgroundErrors.count(id), last: engine.backgroundErrors.list(id, 1)[0] ?? null },
  };
}

/** The file as it is now against the code that runs (a saved edit not reloaded yet differs). */
function diskState(engine: OverviewEngine, info: ModuleInfo): DiskState {
  const { workspace } = engine.runtime;
  try {
    const hash = sha256(workspace.readModuleSource(info.id));
    const modifiedAt = statSync(workspace.modulePath(info.id)).mtimeMs;
    return { hash, changed: info.loaded && hash !== info.hash, modifiedAt };
  } catch {
    return { hash: null, changed: false, modifiedAt: null };
  }
}

function healthOf(info: ModuleInfo, lastReload: LastReload | null, onProbation: boolean): ModuleHealth {
  if (info.state === 'failed') return 'load_failed';
  if (lastReload !== null && (lastReload.outcome === 'failed' || lastReload.outcome === 'rolled_back')) {
    return 'reload_failed';
  }
  if (onProbation) return 'probation';
  if (info.state === 'declined') return 'declined';
  if (info.state === 'not_loaded') return 'not_loaded';
  return 'stable';
}
