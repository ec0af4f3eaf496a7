import { existsSync } from 'node:fs';
import type { ModuleId, Sha256 } from '../../shared/ids';
import { sha256 } from '../base/sha256';
import { readSourceFile, type Workspace } from '../runtime/workspace';
import type { ChangeJournal, JournalEntry } from '../store/journal';
import type { NewVersion, VersionStore } from '../store/version-store';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { runChecks } from './health-checks';
import type { WorkspaceConfig } from './workspace-config';
import { writeFileAtomic } from './atomic-write';

export interface RecoveryReport {
  readonly module: ModuleId;
  readonly cause: 'interrupted change' | 'interrupted rollback' | 'on probation' | 'agent crashed';
  /** Whether the file had to be rewritten (it differed from the last stable version). */
  readonly reverted: boolean;
}

/**
 * Runs at start, before any module loads. A change the journal shows as unfinished, or a version
 * still on probation when the process died, was never made stable, so the module goes back to its
 * last stable version. What was on disk is recorded first (an edit is never lost), and the revert
 * is recorded as a "restored" entry. Safe to run again if it is itself interrupted.
 */
export function recoverAfterCrash(
  workspace: Workspace,
  versions: VersionStore,
  journal: ChangeJournal,
  options: { readonly restoreUnstable?: boolean } = {},
): RecoveryReport[] {
  const pending = journal.pending();
  const reports: RecoveryReport[] = [];
  const causes = new Map<ModuleId, RecoveryReport['cause']>();
  const rollbacks = new Set<ModuleId>();
  for (const entry of pending) {
    if (entry.kind === 'rollback' && typeof entry.detail['targetHash'] === 'string') {
      reports.push(finishRollback(workspace, versions, entry));
      rollbacks.add(entry.module);
      journal.close(entry.id);
    } else {
      causes.set(entry.module, 'interrupted change');
    }
  }
  for (const version of versions.onProbation()) {
    if (!causes.has(version.module) && !rollbacks.has(version.module)) causes.set(version.module, 'on probation');
    versions.setState(version.versionId, 'rolled_back', false);
  }
  // After the agent process died: every module goes back to its last stable version, not only
  // the one on probation (the supervisor restarts the agent on code known to run).
  if (options.restoreUnstable === true) {
    for (const module of workspace.listModuleIds()) {
      const head = versions.current(module);
      if (head === null || causes.has(module) || rollbacks.has(module)) continue;
      // An edit on disk never recorded (the agent died loading it) is as unproven as an unstable head.
      if (!head.stable || fileHash(workspace, module) !== head.hash) causes.set(module, 'agent crashed');
    }
  }
  for (const [module, cause] of causes) {
    const stable = versions.lastStable(module);
    if (stable === null) continue;
    const file = workspace.pathFor(module);
    const stableContent = versions.content(stable.hash);
    const onDisk = existsSync(file) ? readSourceFile(file, `${module}.ts`) : null;
    const reverted = onDisk === null || sha256(onDisk) !== stable.hash;
    if (reverted) {
      if (onDisk !== null) {
        const when = cause === 'agent crashed' ? 'on disk when the agent process died' : `${cause} when the app stopped`;
        versions.add({ module, content: onDisk, state: 'failed', reason: `${when}; kept here` });
      }
      writeFileAtomic(file, stableContent);
    }
    versions.add({
      module,
      content: stableContent,
      state: 'restored',
      stable: true,
      restoredFrom: stable.versionId,
      reason: `crash recovery (${cause}): back to last stable ${stable.versionId}`,
      makeCurrent: true,
    });
    reports.push({ module, cause, reverted });
  }
  for (const entry of pending) journal.close(entry.id);
  return reports;
}

function fileHash(workspace: Workspace, module: ModuleId): string | null {
  const file = workspace.pathFor(module);
  return existsSync(file) ? sha256(readSourceFile(file, `${module}.ts`)) : null;
}

/**
 * A rollback killed midway ends where it was going or where it started, never at a third
 * version: at the target when the file already holds it (recorded as restored), else back to
 * "before" (what was there, backed up before the journal row was opened).
 */
function finishRollback(workspace: Workspace, versions: VersionStore, entry: JournalEntry): RecoveryReport {
  const { module } = entry;
  const targetHash = entry.detail['targetHash'] as Sha256;
  const targetVersionId = entry.detail['targetVersionId'];
  const file = workspace.pathFor(module);
  const onDisk = existsSync(file) ? readSourceFile(file, `${module}.ts`) : null;
  const hash = onDisk === null ? null : sha256(onDisk);
  if (hash === targetHash) {
    const target = typeof targetVersionId === 'string' ? versions.get(targetVersionId) : null;
    versions.add({
      module,
      content: onDisk as string,
      state: 'restored',
      stable: target?.stable ?? false,
      ...(target === null ? {} : { restoredFrom: target.versionId }),
      reason: `crash recovery: finished the rollback to ${target?.versionId ?? 'its target'}`,
      makeCurrent: true,
    });
    return { module, cause: 'interrupted rollback', reverted: false };
  }
  if (hash === entry.detail.previousHash || entry.detail.previousHash === null) return { module, cause: 'interrupted rollback', reverted: false };
  if (onDisk !== null) versions.add({ module, content: onDisk, state: 'failed', reason: 'interrupted rollback left this; kept here' });
  writeFileAtomic(file, versions.content(entry.detail.previousHash));
  return { module, cause: 'interrupted rollback', reverted: true };
}

/**
 * Records each module's file the first time the workspace is opened, and any file changed while
 * the app was closed. A first version is stable (something crash recovery may restore) only when
 * it loaded and passed its checks; otherwise it is kept as a checkpoint saying why.
 */
export async function recordBaseline(runtime: AgentRuntime, versions: VersionStore, config: WorkspaceConfig): Promise<void> {
  const additions: NewVersion[] = [];
  const heads = versions.heads();
  for (const module of runtime.workspace.listModuleIds()) {
    // What a module loaded from moments ago is what is on disk: read again only the others.
    const loaded = runtime.current(module)?.compiled;
    let content: string;
    try {
      content = loaded?.source ?? runtime.workspace.readModuleSource(module);
    } catch {
      continue;
    }
    const head = heads.get(module) ?? null;
    if (head === null) {
      // Repair mode runs no code, so it cannot tell whether a first version is good: the next real start records it.
      if (!runtime.runsCode) continue;
      const problem = await baselineProblem(runtime, config, module, content);
      additions.push({
        module,
        content,
        state: problem === null ? 'stable' : 'checkpoint',
        reason: problem === null ? 'first recorded version' : `first recorded version, not stable: ${problem}`,
        makeCurrent: true,
      });
    } else if (head.hash !== (loaded?.hash ?? sha256(content))) {
      additions.push({ module, content, state: 'checkpoint', reason: 'changed on disk while the app was closed', makeCurrent: true });
    }
  }
  versions.transaction(() => {
    for (const version of additions) versions.add(version);
  });
}

/** Why a module's first version is not known-good (did not load, or a check failed), or null. */
async function baselineProblem(runtime: AgentRuntime, config: WorkspaceConfig, module: ModuleId, content: string): Promise<string | null> {
  const current = runtime.current(module);
  if (current === undefined || current.compiled.hash !== sha256(content)) {
    return `it did not load (${runtime.record(module)?.lastError?.message ?? 'not loaded'})`;
  }
  const results = await runChecks(runtime, { module, previous: undefined, candidate: current.exports, settings: config.settingsFor(module), smokeTest: true });
  const failed = results.filter((result) => !result.ok);
  return failed.length === 0 ? null : `checks failed (${failed.map((result) => `${result.name}: ${result.message ?? 'failed'}`).join('; ')})`;
}
