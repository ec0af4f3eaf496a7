import path from 'node:path';
import { controlLog } from '../base/control-log';
import { AgentLog } from '../logs/agent-log';
import { agentLogDir } from '../logs/agent-log-files';
import { AgentRuntime, type RuntimeOptions } from '../runtime/agent-runtime';
import { captureModuleOutput } from '../runtime/module-output';
import { Workspace } from '../runtime/workspace';
import { DatabaseFileGuard, openStateDatabase, stateDatabasePath, type StateDatabase } from '../store/database';
import { CrashLog } from '../store/crash-log';
import { BackgroundErrorStore } from '../store/background-error-store';
import type { ChangeJournal } from '../store/journal';
import type { AgentCrash } from '../../shared/agent-status';
import type { ReloadLog } from '../store/reload-log';
import type { VersionStore } from '../store/version-store';
import { TypeGate } from '../typecheck/type-gate';
import { removeStaleTempFiles } from './atomic-write';
import { ChangeQueue } from './change-queue';
import { recordBaseline, recoverAfterCrash, type RecoveryReport } from './crash-recovery';
import { EngineEvents, ObservedChangeJournal, ObservedReloadLog, ObservedVersionStore } from './engine-events';
import { HotReloadManager } from './hot-reload-manager';
import { LateCallWatch } from './late-calls';
import { ProbationMonitor } from './probation-monitor';
import { RollbackEngine } from './rollback-engine';
import { acquireWorkspaceLock } from './workspace-lock';
import { BackgroundErrorLog } from './background-error-log';
import { watchBackgroundErrors } from './watch-background-errors';
import { loadWorkspaceConfig, type WorkspaceConfig } from './workspace-config';
import { AutoReload } from './auto-reload';

/** How often the engine looks whether state.db is still the file it opened. */
const DATABASE_WATCH_MS = 2000;
const log = controlLog('engine');

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
  /** Type-checks candidates in a worker thread before they are published. */
  readonly typeGate: TypeGate;
  readonly db: StateDatabase;
  /** Changes as they happen (started, finished, versions added or updated, probation ended). */
  readonly events: EngineEvents;
  /** Errors module code raised in the background (the agent kept running), kept in state.db across runs. */
  readonly backgroundErrors: BackgroundErrorLog;
  /** Calls still running on versions a reload replaced, until they settle or are given up. */
  readonly lateCalls: LateCallWatch;
  /** What module code printed (console, stdout, stderr), with its level and module; kept apart from every answer. */
  readonly agentLog: AgentLog;
  /** Auto-reload on save: a per-workspace setting, off until turned on (panel toggle, `/auto-reload`). */
  readonly autoReload: AutoReload;
  /** Each death of the agent process (recorded by the agent that started next). */
  readonly crashes: CrashLog;
  /** What crash recovery did at start (empty after a clean stop). */
  readonly recovered: readonly RecoveryReport[];
  /** Waits for the change in progress, then releases everything. */
  close(): Promise<void>;
  /** Releases everything now (app quit); an unfinished change is recovered at the next start. */
  closeNow(): void;
}

export interface EngineOptions extends RuntimeOptions {
  /** The agent process died: start every module on its last stable version. */
  readonly restoreStable?: boolean;
  /** Deaths of the agent process not recorded yet (the supervisor hands them to the next agent). */
  readonly crashes?: readonly AgentCrash[];
  /** Called once those are in the history, before any module loads. */
  readonly onCrashesRecorded?: () => void;
}

/**
 * Start order matters: recover interrupted changes on disk before any module loads, then load,
 * then record the baseline versions.
 */
export async function openEngine(root: string, runtimeOptions: EngineOptions = {}): Promise<Engine> {
  const workspace = Workspace.open(root);
  const config = loadWorkspaceConfig(workspace.root);
  const databaseFile = stateDatabasePath(workspace.root);
  // The lock comes first: no second process may open, migrate or recover this database.
  const releaseLock = acquireWorkspaceLock(path.dirname(databaseFile));
  let db: StateDatabase;
  try {
    db = openStateDatabase(databaseFile);
  } catch (error) {
    releaseLock();
    throw error;
  }
  let cleanup = (): void => undefined;
  try {
    const events = new EngineEvents();
    const versions: VersionStore = new ObservedVersionStore(db, events);
    const journal: ChangeJournal = new ObservedChangeJournal(db, events);
    const reloadLog: ReloadLog = new ObservedReloadLog(db, events);
    // Before any module loads, so what a module prints at load is in the log too.
    const agentLog = new AgentLog(agentLogDir(workspace.root));
    const stopCapture = captureModuleOutput(workspace, { write: (line) => agentLog.append({ ...line, time: Date.now() }) });
    cleanup = () => {
      stopCapture();
      agentLog.close();
    };
    removeStaleTempFiles(workspace.modulesDir);
    const crashes = new CrashLog(db);
    db.transaction(() => runtimeOptions.crashes?.forEach((crash) => crashes.add(crash)))();
    runtimeOptions.onCrashesRecorded?.();
    const recovered = recoverAfterCrash(workspace, versions, journal, { restoreUnstable: runtimeOptions.restoreStable === true });
    const runtime = await AgentRuntime.open(workspace, { compileCacheDir: path.join(path.dirname(databaseFile), 'compiled'), ...runtimeOptions });
    await recordBaseline(runtime, versions, config);
    const guard = new DatabaseFileGuard(db, databaseFile);
    const queue = new ChangeQueue(() => guard.assertIntact());
    let reported = false;
    const watch = setInterval(() => {
      const problem = guard.check();
      if (problem !== null && !reported) {
        reported = true;
        log.error(problem);
      }
    }, DATABASE_WATCH_MS);
    watch.unref();
    const probation = new ProbationMonitor(runtime, versions);
    probation.onDidEnd((version, stable) => events.emit({ type: 'probationEnded', version, stable }));
    const typeGate = new TypeGate(workspace.root, config.typeCheck);
    const lateCalls = new LateCallWatch(events);
    const reloads = new HotReloadManager({ runtime, versions, reloads: reloadLog, journal, queue, config, probation, typeGate, lateCalls });
    const rollback = new RollbackEngine({ runtime, versions, journal, queue, reloads, probation, typeGate });
    probation.setFailureHandler((version, error) => {
      // The cause goes into the restored entry's reason with its `.ts` line, for every view to show.
      const { message, location } = runtime.describeError(error);
      const cause = new Error(location === null ? message : `${message} (at ${location})`);
      rollback.autoRollbackOnError(version.module, cause).catch((failure: unknown) => {
        log.error(`automatic rollback of ${version.module} failed`, failure);
      });
    });
    const backgroundErrors = new BackgroundErrorLog(events, new BackgroundErrorStore(db), {
      versionIdOf: (module, hash) => {
        const current = versions.current(module);
        return current !== null && current.hash === hash ? current.versionId : null;
      },
    });
    const stopClaiming = watchBackgroundErrors(runtime, probation, backgroundErrors, events);
    // Last: saves are watched only once every module loaded and its baseline is recorded.
    const autoReload = new AutoReload({ runtime, reloads, queue }, path.dirname(databaseFile));
    const closeNow = (): void => {
      if (!db.open) return;
      clearInterval(watch);
      autoReload.close();
      stopClaiming();
      backgroundErrors.close();
      probation.close();
      void typeGate.close();
      runtime.close();
      guard.saveBeforeClose();
      db.close();
      releaseLock();
      cleanup();
    };
    const close = async (): Promise<void> => {
      autoReload.close();
      await queue.idle();
      closeNow();
    };
    return { runtime, reloads, rollback, versions, reloadLog, probation, queue, config, typeGate, db, events, backgroundErrors, lateCalls, agentLog, autoReload, crashes, recovered, close, closeNow };
  } catch (error) {
    cleanup();
    db.close();
    releaseLock();
    throw error;
  }
}
