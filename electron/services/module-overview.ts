import type { LastReload, ModuleHealth, ModuleInfo, ModuleOverview } from '../../shared/contract/panel';
import type { ModuleId } from '../../shared/ids';
import type { Engine } from '../engine/open-engine';
import { describeModule } from '../runtime/module-info';

/** The module list as the panel's sidebar shows it. */
export function describeOverviews(engine: Engine): ModuleOverview[] {
  return engine.runtime.moduleIds().map((id) => describeOverview(engine, id));
}

export function describeOverview(engine: Engine, id: ModuleId): ModuleOverview {
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
  return {
    ...info,
    health: healthOf(info, lastReload, onProbation),
    currentVersionId: current?.versionId ?? null,
    probationUntil: onProbation ? (current?.probationUntil ?? null) : null,
    lastReload,
  };
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
