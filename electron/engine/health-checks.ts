import { AppError } from '../../shared/errors';
import type { CheckResult } from '../../shared/history';
import type { ModuleId } from '../../shared/ids';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { isClass } from '../runtime/is-class';
import { runInBatches } from '../runtime/run-with-timeout';
import { assertionDetailOf } from './assertion-detail';
import { loadSmokeTestOf } from './smoke-test';
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

/** A check that calls module code: its synchronous part runs with the others' under one watchdog. */
interface UserCall {
  readonly name: string;
  /** What the time-limit message names. */
  readonly what: string;
  /** Calls the module's code; throws what a check that cannot start would (no such function). */
  readonly call: () => unknown;
}

type CallOutcome = { readonly started: number } & ({ readonly value: unknown } | { readonly error: unknown });

/**
 * The checks a version must pass: the exports the previous version had are still there (unless
 * removals are allowed), classes are still classes and functions still functions, an exported
 * `health()` passes, extra configured checks pass, and the smoke test file passes. Each check is
 * timed and has a time limit; all run, so the report shows every problem at once.
 */
export async function runChecks(runtime: AgentRuntime, target: CheckTarget): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const check = async (name: string, body: () => Promise<void> | void, started = performance.now()): Promise<void> => {
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
  const calls: UserCall[] = [];
  if (typeof candidate['health'] === 'function') {
    const health = candidate['health'] as () => unknown;
    calls.push({ name: 'health()', what: 'health()', call: () => health() });
  }
  for (const name of settings.extraChecks) {
    const fn = candidate[name];
    calls.push({
      name: `${name}()`,
      what: `${name}()`,
      call: () => {
        if (typeof fn !== 'function') throw new AppError('CHECK_FAILED', `${name} is not an exported function.`);
        return (fn as () => unknown)();
      },
    });
  }
  if (target.smokeTest && settings.smokeTest && runtime.workspace.smokeTestPath(target.module) !== null) {
    const smoke = await loadSmokeTestOf(runtime, target.module).then(
      (test) => ({ test }),
      (error: unknown) => ({ error }),
    );
    calls.push({
      name: 'smoke test',
      what: `${target.module}.smoke.ts`,
      call: () => {
        if ('error' in smoke) throw smoke.error;
        return smoke.test?.(candidate);
      },
    });
  }
  // Each call starts once the one before settled, as when each had its own watchdog.
  for (let done = 0; done < calls.length; ) {
    const outcomes = callSynchronously(calls.slice(done), limit);
    for (const outcome of outcomes) {
      const { name, what } = calls[done] as UserCall;
      done += 1;
      await check(
        name,
        async () => {
          if ('error' in outcome) throw outcome.error;
          // The synchronous part was interrupted by the watchdog; a returned promise is raced against a timer.
          await withTimeLimit(outcome.value, Math.max(1, limit - (performance.now() - outcome.started)), what);
        },
        outcome.started,
      );
    }
  }
  return results;
}

/**
 * Makes the calls under one watchdog for all of them (runInBatches), up to the first that returns
 * a promise (the rest wait for it to settle): each starts with its full limit, and one that runs
 * too long is stopped and the next one still runs. A watchdog is a thread started and joined;
 * under load that cost more than the checks themselves.
 */
function callSynchronously(calls: readonly UserCall[], limit: number): CallOutcome[] {
  const outcomes: CallOutcome[] = [];
  if (calls.length === 0) return outcomes;
  let started = 0;
  runInBatches(
    limit,
    () => {
      const next = calls[outcomes.length];
      if (next === undefined) return false;
      started = performance.now();
      let value: unknown;
      try {
        value = next.call();
      } catch (error) {
        outcomes.push({ started, error });
        return outcomes.length < calls.length;
      }
      outcomes.push({ started, value });
      return outcomes.length < calls.length && !isThenable(value);
    },
    // The call it stopped never returned: its outcome is the time-limit error, and the next one runs.
    (error) => outcomes.push({ started, error }),
  );
  return outcomes;
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
    if (typeof before !== 'function') continue;
    // One read for the usual case: an export that is not undefined is in the candidate.
    const after = candidate[key];
    if (after === undefined && !(key in candidate)) continue;
    const was = kindOf(before);
    const now = kindOf(after);
    if (was !== now) changed.push(`${key} was a ${was}, now a ${now}`);
  }
  if (changed.length > 0) throw new AppError('CHECK_FAILED', changed.join('; '));
}

function kindOf(value: unknown): string {
  if (isClass(value)) return 'class';
  return typeof value;
}

function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
