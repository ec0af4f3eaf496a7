import type { VersionInfo } from '../../shared/history';
import type { ModuleId } from '../../shared/ids';
import type { AgentRuntime } from '../runtime/agent-runtime';
import type { ModuleVersion } from '../runtime/module-version';
import type { VersionStore } from '../store/version-store';

interface Watched {
  readonly version: VersionInfo;
  readonly live: ModuleVersion;
  /** The importers the change re-ran: their errors are the change's too (an entry whose restart fails). */
  readonly reran: readonly ModuleVersion[];
  readonly timer: NodeJS.Timeout;
}

export type ProbationFailure = (version: VersionInfo, error: unknown) => void;

/**
 * After a reload the new version is on probation: an error thrown by its exported functions, or
 * raised by its background work (watch-background-errors) or by an importer the reload re-ran,
 * during the window triggers the failure handler (automatic rollback); a clean window marks it
 * stable. The window is also in the database, so a crash during probation is caught at start.
 */
export class ProbationMonitor {
  private readonly watched = new Map<ModuleId, Watched>();
  private readonly versions: VersionStore;
  private readonly stopListening: () => void;
  private onFailure: ProbationFailure = () => undefined;
  private readonly endListeners = new Set<(version: VersionInfo, stable: boolean) => void>();

  constructor(runtime: AgentRuntime, versions: VersionStore) {
    this.versions = versions;
    this.stopListening = runtime.onCallError((live, error) => this.noticeError(live, error));
  }

  /**
   * An error from `live`'s code — a call that threw, or background work (a timer, a listener, a
   * rejected promise): while it is on probation this fails it. True when it did.
   */
  noticeError(live: ModuleVersion, error: unknown): boolean {
    const own = this.watched.get(live.id);
    const entry = own?.live === live ? own : [...this.watched.values()].find((watched) => watched.reran.includes(live));
    if (entry === undefined) return false;
    this.end(entry.version.module, false);
    this.onFailure(entry.version, error);
    return true;
  }

  setFailureHandler(handler: ProbationFailure): void {
    this.onFailure = handler;
  }

  onDidEnd(listener: (version: VersionInfo, stable: boolean) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  watch(version: VersionInfo, live: ModuleVersion, ms: number, reran: readonly ModuleVersion[] = []): void {
    this.end(version.module, false);
    const timer = setTimeout(() => {
      this.versions.setState(version.versionId, 'stable', true);
      this.end(version.module, true);
    }, ms);
    timer.unref();
    this.watched.set(version.module, { version, live, reran, timer });
  }

  isOnProbation(module: ModuleId): boolean {
    return this.watched.has(module);
  }

  /** Stops watching (a newer change or a rollback replaces the version). */
  end(module: ModuleId, stable: boolean): void {
    const entry = this.watched.get(module);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    this.watched.delete(module);
    if (!stable) this.versions.clearProbation(entry.version.versionId);
    for (const listener of this.endListeners) listener(entry.version, stable);
  }

  close(): void {
    for (const entry of this.watched.values()) clearTimeout(entry.timer);
    this.watched.clear();
    this.stopListening();
  }
}
