import { AgentRuntime, type RuntimeOptions } from '../runtime/agent-runtime';
import { Workspace } from '../runtime/workspace';
import { openStateDatabase, stateDatabasePath, type StateDatabase } from '../store/database';
import { ChangeJournal } from '../store/journal';
import { ReloadLog } from '../store/reload-log';
import { VersionStore } from '../store/version-store';
import { removeStaleTempFiles } from './atomic-write';
import { ChangeQueue } from './change-queue';
import { recordBaseline, recoverAfterCrash, type RecoveryReport } from './crash-recovery';
import { HotReloadManager } from './hot-reload-manager';
import { ProbationMonitor } from './probation-monitor';
import { RollbackEngine } from './rollback-engine';
import { loadWorkspaceConfig, type WorkspaceConfig } from './workspace-config';

/** The agent runtime with its reload and rollback engines, opened on one workspace. */
export interface Engine {
  readonly runtime: AgentRuntime;
  readonly reloads: HotReloadManager;
  readonly rollback: RollbackEngine;
  readonly versions: VersionStore;
  readonly reloadLog: ReloadLog;
  readonly probation: ProbationMonitor;
  readonly queue: ChangeQueue;
  readonly config: WorkspaceConfig;
  readonly db: StateDatabase;
  /** What crash recovery did at start (empty after a clean stop). */
  readonly recovered: readonly RecoveryReport[];
  close(): Promise<void>;
}

/**
 * Start order matters: recover interrupted changes on disk before any module loads, then load,
 * then record the baseline versions.
 */
export async function openEngine(root: string, runtimeOptions: RuntimeOptions = {}): Promise<Engine> {
  const workspace = Workspace.open(root);
  const config = loadWorkspaceConfig(workspace.root);
  const db = openStateDatabase(stateDatabasePath(workspace.root));
  try {
    const versions = new VersionStore(db);
    const journal = new ChangeJournal(db);
    const reloadLog = new ReloadLog(db);
    removeStaleTempFiles(workspace.modulesDir);
    const recovered = recoverAfterCrash(workspace, versions, journal);
    const runtime = await AgentRuntime.open(workspace, runtimeOptions);
    recordBaseline(workspace, versions);
    const queue = new ChangeQueue();
    const probation = new ProbationMonitor(runtime, versions);
    const reloads = new HotReloadManager({ runtime, versions, reloads: reloadLog, journal, queue, config, probation });
    const rollback = new RollbackEngine({ runtime, versions, journal, queue, reloads, probation });
    probation.setFailureHandler((version, error) => {
      rollback.autoRollbackOnError(version.module, error).catch((failure: unknown) => {
        console.error(`automatic rollback of ${version.module} failed:`, failure);
      });
    });
    const close = async (): Promise<void> => {
      await queue.idle();
      probation.close();
      runtime.close();
      db.close();
    };
    return { runtime, reloads, rollback, versions, reloadLog, probation, queue, config, db, recovered, close };
  } catch (error) {
    db.close();
    throw error;
  }
}
