import { toErrorInfo } from '../../shared/errors';
import type { ReloadReport } from '../../shared/history';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { forecastReruns } from '../runtime/rerun-forecast';

/**
 * Pre-flight: can this module be reloaded live, and what should the person know first?
 * Never throws; every refusal is a reason in the report.
 */
export function reportReloadability(runtime: AgentRuntime, module: string): ReloadReport {
  const refuse = (reason: string): ReloadReport => ({
    canReload: false,
    reasons: [reason],
    warnings: [],
    dependents: [],
    activeCalls: 0,
    reruns: [],
  });
  let id;
  try {
    id = runtime.workspace.parseModuleId(module);
    runtime.workspace.modulePath(id);
  } catch (error) {
    const info = toErrorInfo(error);
    return refuse(info.hint === undefined ? info.message : `${info.message} ${info.hint}`);
  }
  const current = runtime.current(id);
  if (current === undefined) {
    const failure = runtime.record(id)?.lastError;
    return refuse(
      failure === null || failure === undefined
        ? `Module "${id}" is not loaded; load it with /load ${id}.`
        : `Module "${id}" is not loaded: it failed to load (${failure.message}); fix it, then /load ${id}.`,
    );
  }
  const reasons: string[] = [];
  const warnings: string[] = [];
  if (current.hot.declined) reasons.push(`Module "${id}" declined live replacement (hot.decline()).`);
  if (current.nativeAddons.size > 0) {
    const addons = [...current.nativeAddons].join(', ');
    warnings.push(`Uses native code (${addons}); the addon itself stays loaded, only the module's code is replaced.`);
  }
  const dependents = runtime.graph.transitiveDependents(id).filter((other) => other !== id);
  const reruns = forecastReruns(runtime, id);
  if (current.inFlight > 0) warnings.push(`${current.inFlight} call(s) in flight; the swap waits for them (bounded).`);
  return { canReload: reasons.length === 0, reasons, warnings, dependents, activeCalls: current.inFlight, reruns };
}
