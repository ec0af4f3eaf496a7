import path from 'node:path';
import { AppError, toErrorInfo } from '../../shared/errors';
import type { VersionInfo } from '../../shared/history';
import type { ModuleId, VersionId } from '../../shared/ids';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { sha256 } from '../base/sha256';
import type { ChangeJournal } from '../store/journal';
import type { CleanupPolicy, VersionStore } from '../store/version-store';
import { typeErrorsRefusal, versionStamp, type TypeGate } from '../typecheck/type-gate';
import type { TypeCheckReport, VersionTypeCheck } from '../../shared/typecheck';
import { FileChangedError, writeFileAtomic } from './atomic-write';
import { faultPoint } from './fault-points';
import type { ChangeQueue } from './change-queue';
import type { HotReloadManager } from './hot-reload-manager';
import type { ProbationMonitor } from './probation-monitor';
import type { ReloadResult } from './reload-types';

export interface RollbackDependencies {
  readonly runtime: AgentRuntime;
  readonly versions: VersionStore;
  readonly journal: ChangeJournal;
  readonly queue: ChangeQueue;
  readonly reloads: HotReloadManager;
  readonly probation: ProbationMonitor;
  readonly typeGate?: TypeGate;
}

export interface RollbackOptions {
  /** Run the type-check gate when the target was never checked (a rollback a person asked for). */
  readonly checkTypes?: boolean;
  /** Restore even with type errors (recorded on the restored entry). */
  readonly allowTypeErrors?: boolean;
}

export interface RollbackResult {
  readonly module: ModuleId;
  readonly restoredFrom: VersionId;
  /** The new "restored from …" entry. */
  readonly versionId: VersionId;
  /** The backup of what was there before. */
  readonly preRollbackVersionId: VersionId;
  readonly hash: VersionInfo['hash'];
  readonly reload: ReloadResult | null;
  /** The gate's report when the target was checked now (it had never been). */
  readonly typeCheck?: TypeCheckReport;
}

/**
 * Checkpoints and rollbacks. A rollback never rewrites history: it backs up what is there,
 * restores the file atomically, verifies it, reloads the module, and appends a "restored from X"
 * entry. If the restored code cannot be loaded, the file goes back to what it was.
 */
export class RollbackEngine {
  private readonly deps: RollbackDependencies;

  constructor(deps: RollbackDependencies) {
    this.deps = deps;
  }

  /**
   * Records the module's file as it is now. `filePath`, when given, must be that module's file:
   * a checkpoint never reads anything else.
   */
  createCheckpoint(module: string, filePath: string | null = null, reason = 'checkpoint'): VersionInfo {
    const { runtime, versions } = this.deps;
    const id = runtime.workspace.parseModuleId(module);
    const file = runtime.workspace.modulePath(id);
    if (filePath !== null && path.resolve(runtime.workspace.root, filePath) !== file) {
      throw new AppError('OUTSIDE_WORKSPACE', `${filePath} is not the file of module "${id}".`, {
        hint: `Its file is ${path.relative(runtime.workspace.root, file)}.`,
      });
    }
    return versions.add({ module: id, content: runtime.workspace.readModuleSource(id), state: 'checkpoint', reason });
  }

  markStable(versionId: string): VersionInfo {
    const version = this.deps.versions.require(versionId);
    this.deps.versions.setState(version.versionId, version.state === 'candidate' ? 'stable' : version.state, true);
    if (this.deps.probation.isOnProbation(version.module)) this.deps.probation.end(version.module, true);
    return this.deps.versions.require(versionId);
  }

  getLastStableVersion(module: string): VersionInfo | null {
    return this.deps.versions.lastStable(this.deps.runtime.workspace.parseModuleId(module));
  }

  getVersionHistory(module: string | null = null, limit = 100): VersionInfo[] {
    const id = module === null ? null : this.deps.runtime.workspace.parseModuleId(module);
    return this.deps.versions.history(id, limit);
  }

  /** Versions one can roll back to, newest first. */
  getRollbackPoints(limit = 100): VersionInfo[] {
    return this.deps.versions.history(null, limit);
  }

  cleanupOldVersions(policy: CleanupPolicy): { removedVersions: number; removedBlobs: number } {
    return this.deps.versions.cleanup(policy);
  }

  /** A rollback a person asked for: a target that was never type-checked is checked first. */
  rollbackToVersion(versionId: string, reason?: string, options: { allowTypeErrors?: boolean } = {}): Promise<RollbackResult> {
    return this.deps.queue.run(() => this.rollbackNow(versionId, reason, { ...options, checkTypes: true }));
  }

  /** Back to the last stable version of `module` (after a failed change or a probation error). */
  autoRollbackOnError(module: string, error: unknown): Promise<RollbackResult | null> {
    return this.deps.queue.run(async () => {
      const stable = this.getLastStableVersion(module);
      if (stable === null) return null;
      const current = this.deps.versions.current(stable.module);
      if (current !== null && current.state === 'candidate') {
        this.deps.versions.setState(current.versionId, 'rolled_back', false);
      }
      return this.rollbackNow(stable.versionId, `automatic rollback: ${toErrorInfo(error).message}`);
    });
  }

  /** The rollback itself, for callers already holding the queue. */
  async rollbackNow(versionId: string, reason?: string, options: RollbackOptions = {}): Promise<RollbackResult> {
    const { runtime, versions, journal } = this.deps;
    const target = versions.require(versionId);
    const file = runtime.workspace.modulePath(target.module);
    const content = versions.content(target.hash);
    const report = options.checkTypes === true ? await this.typeCheck(target, file, content, options) : null;
    const typeCheck: VersionTypeCheck | undefined = target.typeCheck ?? versionStamp(report);
    const before = runtime.workspace.readModuleSource(target.module);
    const backup = versions.add({
      module: target.module,
      content: before,
      state: 'pre_rollback',
      reason: `before rollback to ${target.versionId}`,
    });
    faultPoint('rollback:backup-recorded');
    this.deps.probation.end(target.module, false);
    const journalId = journal.open('rollback', target.module, {
      previousHash: sha256(before),
      targetHash: target.hash,
      targetVersionId: target.versionId,
    });
    // Every path closes the journal row; only a killed process leaves it, for crash recovery
    // (which then ends at "before" or at the target, never at a third version).
    let written = false;
    try {
      faultPoint('rollback:journal-opened');
      try {
        writeFileAtomic(file, content, { expectHash: sha256(before) });
      } catch (error) {
        if (error instanceof FileChangedError && error.found !== null) {
          versions.add({ module: target.module, content: error.found, state: 'checkpoint', reason: `edited by another program during rollback to ${target.versionId}; kept` });
        }
        throw error;
      }
      written = true;
      journal.step(journalId, 'written');
      faultPoint('rollback:written');
      if (sha256(runtime.workspace.readModuleSource(target.module)) !== target.hash) {
        throw new AppError('HASH_MISMATCH', `${target.module}.ts did not read back as version ${target.versionId}.`);
      }
      const reload = await this.reloadRestored(target, content, reason);
      faultPoint('rollback:reloaded');
      const restored = versions.add({
        module: target.module,
        content,
        state: 'restored',
        stable: target.stable,
        restoredFrom: target.versionId,
        reason: `${reason ?? `rollback to ${target.versionId}`}${runtime.runsCode ? '' : ' (agent stopped: loads at its next start)'}`,
        makeCurrent: true,
        ...(typeCheck === undefined ? {} : { typeCheck }),
      });
      faultPoint('rollback:restored-recorded');
      return {
        module: target.module,
        restoredFrom: target.versionId,
        versionId: restored.versionId,
        preRollbackVersionId: backup.versionId,
        hash: target.hash,
        reload,
        ...(report === null ? {} : { typeCheck: report }),
      };
    } catch (error) {
      if (written) putBack(file, before, target.hash, error);
      throw error;
    } finally {
      journal.close(journalId);
      faultPoint('rollback:journal-closed');
    }
  }

  /** The gate for a target never checked; type errors refuse before anything is written. */
  private async typeCheck(target: VersionInfo, file: string, content: string, options: RollbackOptions): Promise<TypeCheckReport | null> {
    const gate = this.deps.typeGate;
    if (gate === undefined || !gate.enabled || target.typeCheck !== undefined) return null;
    const serving = this.deps.runtime.current(target.module)?.compiled.source;
    const report = await gate.check([{ path: file, source: content, ...(serving === undefined ? {} : { previous: serving }) }]);
    if (report.errors.length > 0 && options.allowTypeErrors !== true) throw typeErrorsRefusal(report, `version ${target.versionId}`);
    return report;
  }

  private async reloadRestored(target: VersionInfo, content: string, reason?: string): Promise<ReloadResult | null> {
    const { runtime, reloads } = this.deps;
    // Repair mode: the file is the rollback; the module loads from it when the agent starts.
    if (!runtime.runsCode) return null;
    if (runtime.current(target.module) === undefined) {
      await runtime.load(target.module);
      return null;
    }
    const result = await reloads.reloadNow(target.module, {
      source: content,
      probationMs: 0,
      allowRemovedExports: true,
      reason: reason ?? `rollback to ${target.versionId}`,
      recordVersion: false,
      typeChecked: null,
    });
    if (result.outcome !== 'reloaded') {
      throw new AppError('CHECK_FAILED', `Restored code did not reload: ${result.error?.message ?? result.outcome}`, {
        hint: 'The file was put back as it was; pick another version.',
      });
    }
    return result;
  }
}

/** After a failed rollback, the file goes back to what it was; if even that fails, it stays at the target. */
function putBack(file: string, before: string, targetHash: string, cause: unknown): void {
  try {
    writeFileAtomic(file, before, { expectHash: targetHash });
  } catch (error) {
    if (cause instanceof Error) cause.message += ` The file could not be put back (${toErrorInfo(error).message}); it holds the rollback target.`;
  }
}
