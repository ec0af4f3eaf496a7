import type { ResourceReport } from '../../shared/resources';
import type { CheckResult, LateCalls, ModuleKept, ModuleRerun } from '../../shared/history';
import type { ModuleId } from '../../shared/ids';
import type { TypeCheckReport } from '../../shared/typecheck';
import { newRecordId } from '../store/version-ids';
import type { ReloadResult } from './reload-types';

/** Timing and facts gathered along one reload attempt. */
export class Attempt {
  readonly id = newRecordId('r');
  readonly startedAt = Date.now();
  private readonly started = performance.now();
  readonly phases: Record<string, number> = {};
  private readonly checks: CheckResult[] = [];
  module: ModuleId;
  oldHash: ReloadResult['oldHash'] = null;
  newHash: ReloadResult['newHash'] = null;
  versionId: ReloadResult['versionId'] = null;
  cascade: ModuleId[] = [];
  typeCheck: TypeCheckReport | null = null;
  reran: ModuleRerun[] = [];
  kept: ModuleKept[] = [];
  lateCalls: LateCalls | null = null;
  notCarried: string[] = [];
  resources: ResourceReport | null = null;

  constructor(module: string) {
    this.module = module as ModuleId;
  }

  /** Times `body` as phase `name`, from `started` when the work began before (the compile). */
  async phase<T>(name: string, body: () => Promise<T> | T, started = performance.now()): Promise<T> {
    try {
      return await body();
    } finally {
      this.phases[name] = round(performance.now() - started);
    }
  }

  addChecks(checks: readonly CheckResult[]): void {
    this.checks.push(...checks);
  }

  result(outcome: ReloadResult['outcome'], error: ReloadResult['error']): ReloadResult {
    return {
      id: this.id,
      outcome,
      module: this.module,
      oldHash: this.oldHash,
      newHash: this.newHash,
      versionId: this.versionId,
      cascade: this.cascade,
      checks: this.checks,
      phases: this.phases,
      durationMs: round(performance.now() - this.started),
      error,
      startedAt: this.startedAt,
      ...(this.typeCheck === null ? {} : { typeCheck: this.typeCheck }),
      ...(this.reran.length === 0 ? {} : { reran: this.reran }),
      ...(this.kept.length === 0 ? {} : { kept: this.kept }),
      ...(this.lateCalls === null ? {} : { lateCalls: this.lateCalls }),
      ...(this.notCarried.length === 0 ? {} : { notCarried: this.notCarried }),
      ...(this.resources === null || this.resources.released.length + this.resources.kept.length === 0 ? {} : { resources: this.resources }),
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
