import type { ServiceHandlers } from '../../shared/contract/define';
import type { PanelService, VersionDetail } from '../../shared/contract/panel';
import { AppError } from '../../shared/errors';
import type { Engine } from '../engine/open-engine';

/** The history methods read versions and reloads and change them through rollback. */
export type HistoryEngine = Pick<Engine, 'runtime' | 'versions' | 'reloadLog' | 'reloads' | 'rollback' | 'probation' | 'backgroundErrors'>;
import { sha256 } from '../base/sha256';
import { withLaterOutcome } from '../engine/failure-explanation';
import { describeOverview } from './module-overview';
import { LineChanges } from './line-changes';

type HistoryMethods = 'moduleSource' | 'listVersions' | 'listVersionsPage' | 'versionDetail' | 'versionLineChanges' | 'rollbackToVersion' | 'listReloads' | 'reloadModule' | 'endProbation';

/** Enough for the timeline of a busy workspace; the panel asks for more explicitly. */
const DEFAULT_VERSION_LIMIT = 20_000;
const DEFAULT_RELOAD_LIMIT = 1_000;

/** Files, versions, rollbacks and the reload history, as the timeline and the audit read them. */
export function createHistoryHandlers(engine: HistoryEngine): Pick<ServiceHandlers<PanelService>, HistoryMethods> {
  const { runtime, rollback, reloads, versions } = engine;
  const lineChanges = new LineChanges(versions);
  const moduleOrNull = (module: string | null | undefined) =>
    module === null || module === undefined ? null : runtime.workspace.parseModuleId(module);
  return {
    moduleSource: ({ module }) => {
      const id = runtime.workspace.parseModuleId(module);
      const content = runtime.workspace.readModuleSource(id);
      return { module: id, content, hash: sha256(content) };
    },
    listVersions: ({ module, limit }) => rollback.getVersionHistory(moduleOrNull(module), limit ?? DEFAULT_VERSION_LIMIT),
    listVersionsPage: ({ module, before, limit }) => versions.page(moduleOrNull(module), before === null || before === undefined ? null : versions.require(before).versionId, limit),
    versionDetail: ({ versionId }) => {
      const version = versions.require(versionId);
      const previous = versions.previous(version);
      const detail: VersionDetail = {
        version,
        content: versions.content(version.hash),
        previous,
        previousContent: previous === null ? null : versions.content(previous.hash),
      };
      return detail;
    },
    versionLineChanges: ({ versionIds }) => lineChanges.of(versionIds),
    rollbackToVersion: async ({ versionId, reason, allowTypeErrors }) => {
      const result = await rollback.rollbackToVersion(versionId, reason, { allowTypeErrors: allowTypeErrors === true });
      return { ...result };
    },
    listReloads: ({ module, limit }) =>
      reloads.getReloadHistory(limit ?? DEFAULT_RELOAD_LIMIT, moduleOrNull(module)).map((record) => withLaterOutcome(engine, record)),
    reloadModule: ({ module }) => reloads.hotReloadModule(runtime.workspace.parseModuleId(module), { reason: 'reload from the panel' }),
    endProbation: async ({ module, outcome }) => {
      const id = runtime.workspace.parseModuleId(module);
      const current = versions.current(id);
      if (!engine.probation.isOnProbation(id) || current === null) {
        throw new AppError('INVALID_STATE', `${id} is not on probation.`, { hint: 'Its version is already stable or was rolled back.' });
      }
      if (outcome === 'stable') rollback.markStable(current.versionId);
      else {
        const stable = rollback.getLastStableVersion(id);
        if (stable === null) throw new AppError('INVALID_STATE', `${id} has no stable version to roll back to.`, { hint: 'Mark this one stable, or restore a version from the timeline.' });
        versions.setState(current.versionId, 'rolled_back', false);
        await rollback.rollbackToVersion(stable.versionId, `rolled back by hand while on probation (${current.versionId})`);
      }
      return describeOverview(engine, id);
    },
  };
}
