import { AppError } from '../../shared/errors';
import type { CheckResult } from '../../shared/history';
import type { ModuleId } from '../../shared/ids';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { isClass } from '../runtime/live-namespace';
import { runWithTimeout } from '../runtime/run-with-timeout';
import { assertionDetailOf } from './assertion-detail';
import { runSmokeTest } from './smoke-test';
import { withTimeLimit } from './time-limit';
import type { ModuleSettings } from './workspace-config';

type Exports = Record<PropertyKey, unknown>;

export interface CheckTarget {
  readonly module: ModuleId;
  /** Exports of the version that ran before (absent for a first load). */
  readonly previous: Exports | undefined;
  /** Exports under test: a candidate not yet published, or the live namespace after a swap. */
  readonly candidate: Exports;
  readonly settings: ModuleSettings;
  readonly smokeTest: boolean;
}

/**
 * The checks a version must pass: the exports the previous version had are still there (unless
 * removals are allowed), classes are still classes and functions still functions, an exported
 * `health()` passes, extra configured checks pass, and the smoke test file passes. Each check is
 * timed and has a time limit; all run, so the report shows every problem at once.
 */
export async function runChecks(runtime: AgentRuntime, target: CheckTarget): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const check = async (name: string, body: () => Promise<void> | void): Promise<void> => {
    const started = performance.now();
    try {
      await body();
      results.push({ module: target.module, name, ok: true, ms: elapsed(started) });
    } catch (error) {
      const { message, location } = runtime.describeError(error);
      const at = location === null ? '' : ` (at ${location})`;
      const assertion = assertionDetailOf(error);
      const result = { module: target.module, name, ok: false, ms: elapsed(started), message: `${message}${at}` };
      results.push(assertion === null ? result : { ...result, assertion });
    }
  };
  const { candidate, previous, settings } = target;
  const limit = settings.checkTimeoutMs;

  if (previous !== undefined) {
    await check('exports kept', () => assertExportsKept(previous, candidate, settings.allowRemovedExports));
    await check('export kinds kept', () => assertKindsKept(previous, candidate));
  }
  if (typeof candidate['health'] === 'function') {
    await check('health()', () => callWithin(candidate['health'] as () => unknown, limit, 'health()'));
  }
  for (const name of settings.extraChecks) {
    await check(`${name}()`, () => {
      const fn = candidate[name];
      if (typeof fn !== 'function') throw new AppError('CHECK_FAILED', `${name} is not an exported function.`);
      return callWithin(fn as () => unknown, limit, `${name}()`);
    });
  }
  if (target.smokeTest && settings.smokeTest && runtime.workspace.smokeTestPath(target.module) !== null) {
    await check('smoke test', () => runSmokeTest(runtime, target.module, candidate, limit));
  }
  return results;
}

export function failedChecks(results: readonly CheckResult[]): CheckResult[] {
  return results.filter((result) => !result.ok);
}

function assertExportsKept(previous: Exports, candidate: Exports, allowRemovals: boolean): void {
  const missing = Object.keys(previous).filter((key) => !(key in candidate));
  if (missing.length > 0 && !allowRemovals) {
    throw new AppError('CHECK_FAILED', `exports removed: ${missing.join(', ')}`);
  }
}

/** Each export is read once per side: a 50,000-line module has thousands of export getters. */
function assertKindsKept(previous: Exports, candidate: Exports): void {
  const changed: string[] = [];
  for (const key of Object.keys(previous)) {
    const before = previous[key];
    if (typeof before !== 'function' || !(key in candidate)) continue;
    const after = candidate[key];
    if (kindOf(before) !== kindOf(after)) changed.push(`${key} was a ${kindOf(before)}, now a ${kindOf(after)}`);
  }
  if (changed.length > 0) throw new AppError('CHECK_FAILED', changed.join('; '));
}

function kindOf(value: unknown): string {
  if (isClass(value)) return 'class';
  return typeof value;
}

/** The synchronous part is interrupted by the vm watchdog; a returned promise by a timer. */
async function callWithin(fn: () => unknown, ms: number, what: string): Promise<void> {
  const started = performance.now();
  const result = runWithTimeout(fn, undefined, [], ms);
  await withTimeLimit(result, Math.max(1, ms - (performance.now() - started)), what);
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
