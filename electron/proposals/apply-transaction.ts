import { AppError, toErrorInfo, type ErrorInfo } from '../../shared/errors';
import type { ModuleId, VersionId } from '../../shared/ids';
import type { AppliedModule, ApplyResult, ApplyStep, ApplyStepName } from '../../shared/proposals';
import { FileChangedError, writeFileAtomic } from '../engine/atomic-write';
import type { Engine } from '../engine/open-engine';

/** What an apply needs: the change queue, the runtime and its versions, reload, rollback and the type gate. */
export type ApplyEngine = Pick<Engine, 'queue' | 'runtime' | 'versions' | 'reloads' | 'rollback' | 'typeGate'>;
import type { ReloadResult } from '../engine/reload-types';
import { sha256 } from '../base/sha256';
import type { ChangeJournal } from '../store/journal';
import { typeErrorsRefusal, versionStamp } from '../typecheck/type-gate';
import type { TypeCheckReport, TypeDiagnostic } from '../../shared/typecheck';
import { combinedBaseHash, gateFiles, reloadOrder, type ApplyPlan } from './apply-plan';

/** One target module as the transaction goes along. */
interface FileState {
  readonly module: ModuleId;
  readonly original: string;
  readonly result: string;
  readonly headBefore: VersionId | null;
  checkpoint: VersionId | null;
  journal: number | null;
  written: boolean;
  reload: ReloadResult | null;
  /** Set when another program changed the file meanwhile: what it wrote (null: deleted). */
  external?: string | null;
  externalVersion?: VersionId;
}

/**
 * Writes a plan into the workspace as one transaction, holding the engine's change queue so no
 * reload or rollback interleaves: check the files are as previewed → checkpoint → write
 * (atomic, journalled) → hot reload each target → checks → stable or probation. On any failure
 * every target goes back: files byte-identical, the previous code serving, all of it recorded.
 */
export interface ApplyOptions {
  /** Probation window of the new versions; default from the workspace config, 0 = stable at once. */
  readonly probationMs?: number;
  /** Apply even with type errors (the override is recorded on the new versions). */
  readonly allowTypeErrors?: boolean;
}

export function applyPlanNow(engine: ApplyEngine, journal: ChangeJournal, plan: ApplyPlan, expectedBaseHash: string, options: ApplyOptions = {}): Promise<ApplyResult> {
  return engine.queue.run(() => new Transaction(engine, journal, plan, options).run(expectedBaseHash));
}

class Transaction {
  private readonly steps: ApplyStep[] = [];
  private readonly files: FileState[];
  private typeCheck: TypeCheckReport | null = null;

  constructor(
    private readonly engine: ApplyEngine,
    private readonly journal: ChangeJournal,
    private readonly plan: ApplyPlan,
    private readonly options: ApplyOptions,
  ) {
    this.files = reloadOrder(engine.runtime.graph, plan.files).map((file) => ({
      module: file.module,
      original: file.original,
      result: file.result,
      headBefore: engine.versions.current(file.module)?.versionId ?? null,
      checkpoint: null,
      journal: null,
      written: false,
      reload: null,
    }));
  }

  async run(expectedBaseHash: string): Promise<ApplyResult> {
    const refusal = this.refusal(expectedBaseHash);
    if (refusal !== null) return this.result('refused', refusal);
    const typeRefusal = await this.checkTypes();
    if (typeRefusal !== null) return this.result('refused', typeRefusal);
    const { engine, plan } = this;
    try {
      await this.step('checkpoint', () => {
        for (const file of this.files) {
          file.checkpoint = engine.versions.add({
            module: file.module,
            content: file.original,
            state: 'checkpoint',
            reason: `before applying ${plan.proposalId}`,
            proposalId: plan.proposalId,
          }).versionId;
        }
      });
      await this.step('write', () => {
        for (const file of this.files) {
          file.journal = this.journal.open('apply', file.module, {
            previousHash: sha256(file.original),
            newHash: sha256(file.result),
            proposalId: plan.proposalId,
          });
          try {
            writeFileAtomic(engine.runtime.workspace.modulePath(file.module), file.result, { expectHash: sha256(file.original) });
          } catch (error) {
            if (error instanceof FileChangedError) this.keepExternalEdit(file, error.found);
            throw error;
          }
          file.written = true;
          this.journal.step(file.journal, 'written');
          if (sha256(engine.runtime.workspace.readModuleSource(file.module)) !== sha256(file.result)) {
            throw new AppError('HASH_MISMATCH', `${file.module}.ts did not read back as written.`);
          }
        }
      });
      await this.step('reload', async () => {
        for (const file of this.files) {
          file.reload = await engine.reloads.reloadNow(file.module, {
            source: file.result,
            reason: `apply ${plan.proposalId} (${plan.mode})`,
            proposalId: plan.proposalId,
            typeChecked: versionStamp(this.typeCheck) ?? null,
            ...(this.options.probationMs === undefined ? {} : { probationMs: this.options.probationMs }),
          });
          if (file.reload.outcome !== 'reloaded') throw reloadError(file.reload);
        }
      }, (ms) => ms - this.checksMs());
      this.steps.push({ name: 'checks', ok: true, ms: this.checksMs(), detail: `${this.checkCount()} checks passed` });
      await this.step('stable', () => {
        for (const file of this.files) if (file.journal !== null) this.journal.close(file.journal);
        return this.files
          .map((file) => {
            const version = file.reload?.versionId == null ? null : engine.versions.get(file.reload.versionId);
            const until = version?.probationUntil ?? null;
            return `${file.module}: ${until === null ? 'stable' : `on probation for ${Math.max(0, until - Date.now())} ms`}`;
          })
          .join('; ');
      });
      return this.result('applied', null);
    } catch (error) {
      const info = toErrorInfo(error);
      const checks = this.files.flatMap((file) => file.reload?.checks ?? []);
      if (this.steps.at(-1)?.name === 'reload' && checks.length > 0) {
        const failed = checks.filter((check) => !check.ok).length;
        this.steps.push({ name: 'checks', ok: failed === 0, ms: this.checksMs(), detail: `${failed} of ${checks.length} failed` });
      }
      const restored = await this.rollBack(info);
      const refused = info.code === 'CHANGED_ON_DISK' && restored && this.files.every((file) => file.reload === null);
      return this.result(refused ? 'refused' : 'rolled_back', info);
    }
  }

  /** Why nothing may be written: a file changed since the preview, or a target cannot reload. */
  private refusal(expectedBaseHash: string): ErrorInfo | null {
    const { runtime } = this.engine;
    const current = this.plan.files.map((file) => ({ module: file.module, baseHash: sha256(runtime.workspace.readModuleSource(file.module)) }));
    if (combinedBaseHash(current) !== expectedBaseHash || combinedBaseHash(this.plan.files) !== expectedBaseHash) {
      const which = this.plan.files.map((file) => `${file.module}.ts`).join(' or ');
      return { code: 'STALE_BASE', message: `${which} changed since the preview; nothing was written.`, hint: 'Preview again, then apply.' };
    }
    for (const file of this.files) {
      const report = this.engine.reloads.canHotReload(file.module);
      if (!report.canReload) {
        return { code: 'RELOAD_REFUSED', message: `${file.module}: ${report.reasons.join('; ')}`, hint: 'Nothing was written.' };
      }
    }
    return null;
  }

  /** The type-check gate on every file as it would be written, before anything is written. */
  private async checkTypes(): Promise<ErrorInfo | null> {
    const { engine, plan } = this;
    if (!engine.typeGate.enabled) return null;
    this.typeCheck = await engine.typeGate.check(gateFiles(engine.runtime, plan));
    if (this.typeCheck.errors.length === 0 || this.options.allowTypeErrors === true) return null;
    return { ...typeErrorsRefusal(this.typeCheck, plan.proposalId).toInfo(), hint: 'Nothing was written. Fix the code, or apply with --allow-type-errors (recorded on the version).' };
  }

  /** An edit made by another program meanwhile: recorded as a version (never lost), left in the file. */
  private keepExternalEdit(file: FileState, found: string | null): void {
    file.external = found;
    if (found === null) return;
    file.externalVersion = this.engine.versions.add({
      module: file.module,
      content: found,
      state: 'checkpoint',
      reason: `edited by another program while ${this.plan.proposalId} was being applied; kept`,
    }).versionId;
  }

  /**
   * Back to how it was: reloaded targets are rolled back (recorded), every file we wrote is
   * rewritten as before, and each file is then read back, so the report says only what was
   * checked. Returns whether every file we wrote was put back (an edit by another program is left).
   */
  private async rollBack(cause: ErrorInfo): Promise<boolean> {
    const { engine } = this;
    const started = performance.now();
    const problems: string[] = [];
    const notes: string[] = [];
    for (const file of [...this.files].reverse()) {
      try {
        if (file.reload?.outcome === 'reloaded') {
          // A reload of unchanged code records no new version (its id is the head's): leave that one be.
          if (file.reload.versionId !== null && file.reload.versionId !== file.headBefore) {
            engine.versions.setState(file.reload.versionId, 'rolled_back', false);
          }
          const target = file.headBefore !== null && engine.versions.get(file.headBefore)?.hash === sha256(file.original) ? file.headBefore : file.checkpoint;
          if (target !== null) await engine.rollback.rollbackNow(target, `apply of ${this.plan.proposalId} failed: ${cause.message}`);
        }
      } catch (error) {
        problems.push(`${file.module}: ${toErrorInfo(error).message}`);
      }
      try {
        this.restoreFile(file, notes);
      } catch (error) {
        if (error instanceof FileChangedError) this.keepExternalEdit(file, error.found);
        problems.push(`${file.module}.ts: ${toErrorInfo(error).message}`);
      }
      if (file.journal !== null) this.journal.close(file.journal);
    }
    const differing = this.files.filter((file) => file.external === undefined && this.onDisk(file) !== sha256(file.original));
    for (const file of differing) problems.push(`${file.module}.ts is not as it was before the apply`);
    const identical = problems.length === 0 && notes.length === 0;
    const detail = identical ? 'files read back byte-identical to before; previous code serving' : [...problems, ...notes].join('; ');
    this.steps.push({ name: 'rollback', ok: problems.length === 0, ms: round(performance.now() - started), detail });
    return problems.length === 0;
  }

  /** Puts back a file we wrote; an edit by another program is left as it is (and kept as a version). */
  private restoreFile(file: FileState, notes: string[]): void {
    if (file.external !== undefined) {
      notes.push(`${file.module}.ts was edited by another program and left as edited${file.externalVersion === undefined ? '' : ` (kept as version ${file.externalVersion})`}`);
      return;
    }
    if (!file.written) return;
    const now = this.onDisk(file);
    if (now === sha256(file.original)) return;
    const path = this.engine.runtime.workspace.modulePath(file.module);
    writeFileAtomic(path, file.original, { expectHash: now });
  }

  /** SHA-256 of the module's file as it is now (null when unreadable or gone). */
  private onDisk(file: FileState): string | null {
    try {
      return sha256(this.engine.runtime.workspace.readModuleSource(file.module));
    } catch {
      return null;
    }
  }

  private async step(name: ApplyStepName, body: () => Promise<unknown> | unknown, adjust: (ms: number) => number = (ms) => ms): Promise<void> {
    const started = performance.now();
    try {
      const detail = await body();
      const ms = round(adjust(performance.now() - started));
      this.steps.push(typeof detail === 'string' ? { name, ok: true, ms, detail } : { name, ok: true, ms });
    } catch (error) {
      this.steps.push({ name, ok: false, ms: round(adjust(performance.now() - started)), detail: toErrorInfo(error).message });
      throw error;
    }
  }

  private checksMs(): number {
    return round(this.files.reduce((sum, file) => sum + (file.reload?.phases['checks'] ?? 0) + (file.reload?.phases['post-checks'] ?? 0), 0));
  }

  /** Whose top-level code ran in the reloads (each module once), and who kept running. */
  private reruns(): Pick<ApplyResult, 'reran' | 'kept'> {
    const reloads = this.files.flatMap((file) => (file.reload?.outcome === 'reloaded' ? [file.reload] : []));
    if (reloads.length === 0) return {};
    const reran = reloads.flatMap((reload) => reload.reran ?? []);
    const ran = new Set(reran.map((rerun) => rerun.module));
    const kept = reloads.flatMap((reload) => reload.kept ?? []).filter((module) => !ran.has(module.module));
    return { reran, ...(kept.length === 0 ? {} : { kept }) };
  }

  private checkCount(): number {
    return this.files.reduce((sum, file) => sum + (file.reload?.checks.length ?? 0), 0);
  }

  private result(outcome: ApplyResult['outcome'], error: ErrorInfo | null): ApplyResult {
    const { engine, plan } = this;
    const modules: AppliedModule[] = plan.files.map((planned) => {
      const file = this.files.find((candidate) => candidate.module === planned.module) as FileState;
      const serving = engine.versions.current(planned.module);
      return {
        module: planned.module,
        versionId: file.reload?.versionId ?? null,
        oldHash: planned.baseHash,
        newHash: outcome === 'refused' ? null : sha256(planned.result),
        servingVersionId: serving?.versionId ?? null,
        probationUntil: outcome === 'applied' ? (serving?.probationUntil ?? null) : null,
      };
    });
    const first = modules[0] as AppliedModule;
    const failed = this.files.find((file) => file.reload !== null && file.reload.outcome !== 'reloaded');
    const firstTypeError = error?.code === 'TYPE_ERRORS' ? this.typeCheck?.errors[0] : undefined;
    const location = firstTypeError === undefined ? locationOf(failed?.reload?.error?.message ?? error?.message ?? '') : writtenLocation(firstTypeError);
    return {
      outcome,
      proposalId: plan.proposalId,
      module: plan.module,
      mode: plan.mode,
      versionId: failed?.reload?.versionId ?? first.versionId,
      oldHash: first.oldHash,
      newHash: first.newHash,
      steps: this.steps,
      modules,
      ...(this.typeCheck === null ? {} : { typeCheck: this.typeCheck }),
      ...this.reruns(),
      ...(error === null
        ? {}
        : {
            error: {
              ...error,
              ...(location === null ? {} : { location }),
              ...(first.servingVersionId === null || outcome === 'refused' ? {} : { restoredVersionId: first.servingVersionId }),
            },
          }),
    };
  }
}

function reloadError(reload: ReloadResult): AppError {
  const failed = reload.checks.filter((check) => !check.ok).map((check) => `${check.module}: ${check.name}: ${check.message ?? 'failed'}`);
  const message = reload.error?.message ?? `${reload.module} ${reload.outcome}`;
  return new AppError(reload.error?.code ?? 'CHECK_FAILED', failed.length > 0 && !message.includes('Checks failed') ? `${message} (${failed.join('; ')})` : message);
}

/** `knowledge_engine.ts:12:3` from a message that names one. */
/** A type error's place in the file Apply wrote (the panel maps it back to the proposal's own line). */
function writtenLocation(diagnostic: TypeDiagnostic): string {
  const { file, line } = diagnostic.mergedInto ?? diagnostic;
  return `${file}:${line}:${diagnostic.column}`;
}

function locationOf(message: string): string | null {
  return /([\w.-]+\.ts:\d+:\d+)/.exec(message)?.[1] ?? null;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
