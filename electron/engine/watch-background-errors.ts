import type { BackgroundErrorInfo } from '../../shared/background-errors';
import type { ModuleId } from '../../shared/ids';
import type { AgentRuntime } from '../runtime/agent-runtime';
import type { ModuleVersion } from '../runtime/module-version';
import { attributeBackgroundError } from '../runtime/resources/attribute-error';
import { claimBackgroundErrors } from '../runtime/resources/background-errors';
import type { BackgroundErrorLog } from './background-error-log';
import type { EngineEvents } from './engine-events';
import type { ProbationMonitor } from './probation-monitor';
import { controlLog } from '../base/control-log';

const engineLog = controlLog('engine');

interface Pending {
  readonly version: ModuleVersion;
  readonly cause: Error;
  readonly info: Omit<BackgroundErrorInfo, 'action'>;
}

/**
 * Takes the background errors of this workspace's modules: a version on probation is rolled
 * back (as an error from one of its calls would), any other is recorded and shown. Either way
 * the agent keeps running. An error raised while a change is still running (by the candidate on
 * trial, the new version before its probation starts, or an importer the change re-ran) is
 * decided once the change has finished, so it counts against the new code. Returns a function that stops.
 */
export function watchBackgroundErrors(
  runtime: AgentRuntime,
  probation: ProbationMonitor,
  log: BackgroundErrorLog,
  events: EngineEvents,
): () => void {
  const changing = new Map<ModuleId, number>();
  // Raised while any change runs: an importer it re-ran may fail (its restart) before the probation starts.
  const pending: Pending[] = [];

  const decide = ({ version, cause, info }: Pending): void => {
    // A trial run of the code that now serves failed: that is the serving version's failure.
    const current = runtime.current(version.id);
    const target = current !== undefined && current.compiled.hash === version.compiled.hash ? current : version;
    const rolledBack = probation.noticeError(target, cause);
    log.add({ ...info, action: rolledBack ? 'rolled_back' : 'recorded' });
  };

  const stopEvents = events.onDidChange((event) => {
    if (event.type === 'changeStarted') changing.set(event.module, (changing.get(event.module) ?? 0) + 1);
    if (event.type !== 'changeFinished') return;
    const left = (changing.get(event.module) ?? 1) - 1;
    if (left > 0) changing.set(event.module, left);
    else changing.delete(event.module);
    // After the step that closed the change (it starts the probation right after).
    setImmediate(() => {
      if (changing.size === 0) pending.splice(0).forEach(decide);
    });
  });

  const stopClaiming = claimBackgroundErrors((fault) => {
    const found = attributeBackgroundError(runtime, fault);
    if (found === null) return false;
    const { version, kind, message, location, stack } = found;
    const cause = new Error(`${kind} in the background: ${message}${location === null ? '' : ` (at ${location})`}`);
    // Its frames are mapped to `.ts` lines already (in the message): none to map a second time.
    cause.stack = `Error: ${cause.message}`;
    const info = { module: version.id, hash: version.compiled.hash, kind, message, location, stack, at: Date.now() };
    engineLog.warn(`${version.id}: ${cause.message}`);
    const entry: Pending = { version, cause, info };
    if (changing.size > 0) pending.push(entry);
    else decide(entry);
    return true;
  });

  return () => {
    stopClaiming();
    stopEvents();
  };
}
