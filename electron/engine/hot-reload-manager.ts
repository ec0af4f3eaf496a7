import { AppError, toErrorInfo } from '../../shared/errors';
import type { CheckResult, ReloadRecord, ReloadReport } from '../../shared/history';
import type { ModuleId } from '../../shared/ids';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { sha256 } from '../base/sha256';
import type { CompiledModule } from '../runtime/compile';
import type { ModuleVersion, RunningCall } from '../runtime/module-version';
import type { ChangeJournal } from '../store/journal';
import type { ReloadLog } from '../store/reload-log';
import type { VersionStore } from '../store/version-store';
import { typeErrorsRefusal, versionStamp, type TypeGate } from '../typecheck/type-gate';
import type { ChangeQueue } from './change-queue';
import { faultPoint } from './fault-points';
import { failedChecks, runChecks } from './health-checks';
import type { ProbationMonitor } from './probation-monitor';
import { Attempt } from './reload-attempt';
import { LateCallWatch } from './late-calls';
import type { ReloadOptions, ReloadResult } from './reload-types';
import { reportReloadability } from './reloadability';
import { rerunImporters, type Swapped } from './rerun-cascade';
import type { WorkspaceConfig } from './workspace-config';

export interface ReloadDependencies {
  readonly runtime: AgentRuntime;
  readonly versions: VersionStore;
  readonly reloads: ReloadLog;
  readonly journal: ChangeJournal;
  readonly queue: ChangeQueue;
  readonly config: WorkspaceConfig;
  readonly probation: ProbationMonitor;
  /** Type-checks each candidate before it runs; none: not checked. */
  readonly typeGate?: TypeGate;
  /** Follows calls still running on a replaced version (none: followed, not told). */
  readonly lateCalls?: LateCallWatch;
}

/**
 * Reloads one module while the agent runs, as a transaction: compile → type-check → drain
 * in-flight calls (bounded; late ones reported) → dispose the old version → evaluate the
 * candidate once with the handed-over hot.data → check it → publish → re-run only the importers
 * that must (rerun-cascade.ts) → their checks. A failure before the publish evaluates the old
 * code again with the data handed back; a failure after puts every swapped module back.
 */
export class HotReloadManager {
  private readonly deps: ReloadDependencies;
  private readonly lateCalls: LateCallWatch;

  constructor(deps: ReloadDependencies) {
    this.deps = deps;
    this.lateCalls = deps.lateCalls ?? new LateCallWatch(null);
  }

  canHotReload(module: string): ReloadReport {
    return reportReloadability(this.deps.runtime, module);
  }

  /** Queued behind any change in progress: one change at a time per workspace. */
  hotReloadModule(module: string, options: ReloadOptions = {}): Promise<ReloadResult> {
    return this.deps.queue.run(() => this.reloadNow(module, options));
  }

  /** Re-instantiates every module that depends on `module`, in topological order. */
  reloadDependencies(module: string): Promise<ModuleId[]> {
    return this.deps.queue.run(async () => {
      const id = this.deps.runtime.workspace.parseModuleId(module);
      const swapped: Swapped[] = [];
      try {
        return this.cascade(id, swapped);
      } catch (error) {
        this.revert(swapped);
        throw error;
      }
    });
  }

  getReloadHistory(limit = 50, module: ModuleId | null = null): ReloadRecord[] {
    return this.deps.reloads.list(limit, module);
  }

  /** The reload itself, for callers already holding the queue (rollback, apply). */
  async reloadNow(module: string, options: ReloadOptions = {}): Promise<ReloadResult> {
    const attempt = new Attempt(module);
    const report = this.canHotReload(module);
    if (!report.canReload) {
      return this.finish(attempt, 'refused', new AppError('RELOAD_REFUSED', report.reasons.join('; ')));
    }
    const { runtime, config } = this.deps;
    const id = runtime.workspace.parseModuleId(module);
    attempt.module = id;
    const old = runtime.requireLoaded(id).current;
    attempt.oldHash = old.compiled.hash;
    const settings = config.settingsFor(id);
    const effective = {
      ...settings,
      allowRemovedExports: options.allowRemovedExports ?? settings.allowRemovedExports,
    };
    const testAfterReload = options.testAfterReload ?? true;
    let source: string;
    try {
      source = options.source ?? runtime.workspace.readModuleSource(id);
    } catch (error) {
      return this.finish(attempt, 'refused', error);
    }
    attempt.newHash = sha256(source);
    // esbuild compiles in its own process: the journal row and the content's encoding are done meanwhile.
    const compileStarted = performance.now();
    const compiling = runtime.compile(id, source);
    compiling.catch(() => undefined);
    // A reload writes no file: the row needs to outlive the process, not a power cut (see open).
    const journalId = this.deps.journal.open('reload', id, { previousHash: attempt.oldHash, newHash: attempt.newHash }, { fsync: false });
    faultPoint('reload:journal-opened');
    if (options.recordVersion !== false) this.deps.versions.encodeAhead(source);
    const swapped: Swapped[] = [];
    try {
      const compiled = await attempt.phase('compile', () => compiling, compileStarted);
      await attempt.phase('typecheck', () => this.typeCheck(attempt, id, { source, previous: old.compiled.source }, options));
      const late = await attempt.phase('drain', () => drain(old, config.drainTimeoutMs));
      if (late.length > 0) attempt.lateCalls = this.lateCalls.watch(old, config.drainTimeoutMs);
      // No journal step here: crash recovery acts on the open row alone, and each step is an fsync.
      // The candidate is the version that will serve: evaluated once, after the old version let go
      // of what it held (its port, its timers), with the data it handed over.
      const candidate = await attempt.phase('instantiate', () => this.evaluateCandidate(id, old, compiled));
      const checks = await attempt.phase('checks', () =>
        runChecks(runtime, { module: id, previous: old.exports, candidate: candidate.exports, settings: effective, smokeTest: testAfterReload }),
      );
      attempt.addChecks(checks);
      if (failedChecks(checks).length > 0) {
        runtime.restorePrevious(old.compiled, candidate, candidate.hot.data);
        assertPassed(checks, 'before the swap');
      }
      faultPoint('reload:checked');
      await attempt.phase('swap', () => {
        runtime.publish(candidate);
        swapped.push({ module: id, previous: old.compiled });
        for (const callback of old.hot.selfAcceptCallbacks) callback(runtime.namespace(id));
      });
      faultPoint('reload:swapped');
      attempt.resources = old.resources.releaseReport;
      const { reran, kept } = await attempt.phase('cascade', () => rerunImporters(runtime, id, swapped));
      attempt.cascade = reran.map((rerun) => rerun.module);
      attempt.reran = [{ module: id, reason: 'its file changed', ...(runtime.isEntry(id) ? { entry: true } : {}) }, ...reran];
      attempt.kept = kept;
      attempt.notCarried = swapped.flatMap(({ module }) => runtime.current(module)?.notCarried ?? []);
      const postChecks = await attempt.phase('post-checks', () => this.postChecks(swapped, testAfterReload));
      attempt.addChecks(postChecks);
      assertPassed(postChecks, 'after the swap');
      faultPoint('reload:post-checked');
    } catch (error) {
      const published = swapped.length > 0;
      const outcome = published ? 'rolled_back' : error instanceof AppError && error.code === 'TYPE_ERRORS' ? 'refused' : 'failed';
      this.revert(swapped);
      // The failed attempt's version, the closed journal and the reload record: one commit.
      return this.deps.versions.transaction(() => {
        this.deps.journal.close(journalId);
        if (options.recordVersion !== false) {
          attempt.versionId = this.deps.versions.add({
            module: id,
            content: source,
            state: published ? 'rolled_back' : 'failed',
            reason: `${options.reason ?? 'reload'} failed: ${toErrorInfo(error).message}`,
            ...(options.proposalId === undefined ? {} : { proposalId: options.proposalId }),
          }).versionId;
        }
        return this.finish(attempt, outcome, error);
      });
    }
    const head = options.recordVersion === false ? null : this.deps.versions.current(id);
    if (options.recordVersion === false || (head !== null && head.hash === attempt.newHash)) {
      // Not recorded, or the same code again (a reload to re-instantiate): nothing to put on probation.
      if (head !== null) attempt.versionId = head.versionId;
      return this.deps.versions.transaction(() => {
        this.deps.journal.close(journalId);
        return this.finish(attempt, 'reloaded', null);
      });
    }
    const probationMs = options.probationMs ?? settings.probationMs;
    const typeCheck = options.typeChecked === undefined ? versionStamp(attempt.typeCheck) : (options.typeChecked ?? undefined);
    // The new version, the head, the closed journal and the reload record: one commit, one fsync.
    const { version, result } = this.deps.versions.transaction(() => {
      const recorded = this.deps.versions.add({
        module: id,
        content: source,
        state: probationMs > 0 ? 'candidate' : 'stable',
        reason: options.reason ?? 'reload',
        makeCurrent: true,
        ...(probationMs > 0 ? { probationUntil: Date.now() + probationMs } : {}),
        ...(options.proposalId === undefined ? {} : { proposalId: options.proposalId }),
        ...(typeCheck === undefined ? {} : { typeCheck }),
      });
      this.deps.journal.close(journalId);
      attempt.versionId = recorded.versionId;
      return { version: recorded, result: this.finish(attempt, 'reloaded', null) };
    });
    faultPoint('reload:version-recorded');
    faultPoint('reload:journal-closed');
    if (probationMs > 0) {
      const reran = attempt.cascade.flatMap((module) => runtime.current(module) ?? []);
      this.deps.probation.watch(version, runtime.requireLoaded(id).current, probationMs, reran);
    }
    return result;
  }

  /**
   * The type-check gate, before any candidate code runs: type errors refuse the reload unless
   * `allowTypeErrors`. Skipped when the caller already checked (or restores known code).
   */
  private async typeCheck(attempt: Attempt, id: ModuleId, code: { source: string; previous: string }, options: ReloadOptions): Promise<void> {
    const gate = this.deps.typeGate;
    if (gate === undefined || !gate.enabled || options.typeChecked !== undefined) return;
    attempt.typeCheck = await gate.check([{ path: this.deps.runtime.workspace.modulePath(id), ...code }]);
    if (attempt.typeCheck.errors.length > 0 && options.allowTypeErrors !== true) throw typeErrorsRefusal(attempt.typeCheck, this.deps.runtime.workspace.displayPath(this.deps.runtime.workspace.modulePath(id)));
  }

  /**
   * Disposes the live version (its data carried over) and evaluates the candidate with that
   * data; if the candidate fails to load, the previous code is evaluated again with the data
   * and published back, so the version that serves never starts from empty data.
   */
  private async evaluateCandidate(id: ModuleId, old: ModuleVersion, compiled: CompiledModule): Promise<ModuleVersion> {
    const { runtime } = this.deps;
    const { data } = runtime.disposeVersion(old);
    let candidate: ModuleVersion | undefined;
    try {
      candidate = runtime.instantiate(compiled, data);
      await candidate.settled;
      return candidate;
    } catch (error) {
      runtime.restorePrevious(old.compiled, undefined, candidate?.hot.data ?? data);
      throw error;
    }
  }

  /** Every dependent, re-run whether it needs it or not (asked for explicitly). */
  private cascade(id: ModuleId, swapped: Swapped[]): ModuleId[] {
    const { runtime } = this.deps;
    const order = runtime.graph.dependentsInTopologicalOrder(id).filter((dependent) => {
      const current = runtime.current(dependent);
      return current !== undefined && !current.hot.declined;
    });
    for (const dependent of order) {
      const previous = runtime.requireLoaded(dependent).current.compiled;
      runtime.replace(dependent, previous);
      swapped.push({ module: dependent, previous });
    }
    return order;
  }

  /** Health of every swapped module as it now runs, and the smoke tests of the dependents. */
  private async postChecks(swapped: readonly Swapped[], testAfterReload: boolean): Promise<CheckResult[]> {
    const { runtime, config } = this.deps;
    const results: CheckResult[] = [];
    // The reloaded module (first) was checked as the very instance that now serves.
    for (const { module } of swapped.slice(1)) {
      const live = runtime.requireLoaded(module).current;
      results.push(
        ...(await runChecks(runtime, {
          module,
          previous: undefined,
          candidate: live.exports,
          settings: config.settingsFor(module),
          smokeTest: testAfterReload,
        })),
      );
    }
    return results;
  }

  /** Puts swapped modules back on their previous code, last swapped first. */
  private revert(swapped: Swapped[]): void {
    for (const { module, previous } of swapped.reverse()) {
      try {
        this.deps.runtime.restorePrevious(previous, this.deps.runtime.current(module), {});
      } catch {
        // The previous code loaded before; if it cannot now, the module is reported as failed.
      }
    }
  }

  private finish(attempt: Attempt, outcome: ReloadResult['outcome'], error: unknown): ReloadResult {
    const result = attempt.result(outcome, error === null ? null : this.errorOf(error));
    this.deps.reloads.add(result);
    return result;
  }

  private errorOf(error: unknown): ReloadResult['error'] {
    const info = toErrorInfo(error);
    const cause = error instanceof AppError && error.cause !== undefined ? error.cause : error;
    const { stack } = this.deps.runtime.describeError(cause);
    return { ...info, stack };
  }
}

function assertPassed(checks: readonly CheckResult[], when: string): void {
  const failed = failedChecks(checks);
  if (failed.length === 0) return;
  const summary = failed.map((check) => `${check.module}: ${check.name}: ${check.message ?? 'failed'}`).join('; ');
  throw new AppError('CHECK_FAILED', `Checks failed ${when}: ${summary}`);
}

/** Waits (bounded) for calls into the old version to finish; returns those still running. */
async function drain(version: ModuleVersion, timeoutMs: number): Promise<RunningCall[]> {
  const deadline = performance.now() + timeoutMs;
  while (version.inFlight > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return [...version.running];
}
