import { existsSync } from 'node:fs';
import type { ModuleId } from '../../shared/ids';
import { sha256 } from '../runtime/compile';
import { readSourceFile, type Workspace } from '../runtime/workspace';
import type { ChangeJournal } from '../store/journal';
import type { VersionStore } from '../store/version-store';
import { writeFileAtomic } from './atomic-write';

export interface RecoveryReport {
  readonly module: ModuleId;
  readonly cause: 'interrupted change' | 'on probation';
  /** Whether the file had to be rewritten (it differed from the last stable version). */
  readonly reverted: boolean;
}

/**
 * Runs at start, before any module loads. A change the journal shows as unfinished, or a version
 * still on probation when the process died, was never made stable, so the module goes back to its
 * last stable version. What was on disk is recorded first (an edit is never lost), and the revert
 * is recorded as a "restored" entry. Safe to run again if it is itself interrupted.
 */
export function recoverAfterCrash(workspace: Workspace, versions: VersionStore, journal: ChangeJournal): RecoveryReport[] {
  const pending = journal.pending();
  const causes = new Map<ModuleId, RecoveryReport['cause']>();
  for (const entry of pending) causes.set(entry.module, 'interrupted change');
  for (const version of versions.onProbation()) {
    if (!causes.has(version.module)) causes.set(version.module, 'on probation');
    versions.setState(version.versionId, 'rolled_back', false);
  }
  const reports: RecoveryReport[] = [];
  for (const [module, cause] of causes) {
    const stable = versions.lastStable(module);
    if (stable === null) continue;
    const file = workspace.pathFor(module);
    const stableContent = versions.content(stable.hash);
    const onDisk = existsSync(file) ? readSourceFile(file, `${module}.ts`) : null;
    const reverted = onDisk === null || sha256(onDisk) !== stable.hash;
    if (reverted) {
      if (onDisk !== null) {
        versions.add({ module, content: onDisk, state: 'failed', reason: `${cause} when the app stopped; kept here` });
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

/**
 * Records each module's file the first time the workspace is opened (its first stable version,
 * so there is always something to roll back to), and any file changed while the app was closed.
 */
export function recordBaseline(workspace: Workspace, versions: VersionStore): void {
  versions.transaction(() => {
    for (const module of workspace.listModuleIds()) {
      let content: string;
      try {
        content = workspace.readModuleSource(module);
      } catch {
        continue;
      }
      const head = versions.current(module);
      if (head === null) {
        versions.add({ module, content, state: 'stable', reason: 'first recorded version', makeCurrent: true });
      } else if (head.hash !== sha256(content)) {
        versions.add({ module, content, state: 'checkpoint', reason: 'changed on disk while the app was closed', makeCurrent: true });
      }
    }
  });
}
