import type { ModuleKept, ModuleRerun } from '../../shared/history';
import type { ModuleId } from '../../shared/ids';
import type { AgentRuntime } from '../runtime/agent-runtime';
import type { CompiledModule } from '../runtime/compile';
import type { ModuleVersion } from '../runtime/module-version';
import { rerunReason } from '../runtime/rerun-reason';

/** A module swapped during a reload, with what to put back if a later step fails. */
export interface Swapped {
  readonly module: ModuleId;
  readonly previous: CompiledModule;
}

export interface CascadeOutcome {
  readonly reran: ModuleRerun[];
  readonly kept: ModuleKept[];
}

/**
 * After `changed` was replaced: walks its importers in topological order and re-runs only
 * those whose top-level code must run again for them to see the new code (rerun-reason.ts);
 * a re-run importer may in turn make its own importers re-run. `hot.accept(dep, cb)` calls
 * cb instead; `hot.accept()` and `hot.decline()` keep a module as it is. Everything else sees
 * the new code through live bindings and keeps running untouched — entry points included.
 */
export function rerunImporters(runtime: AgentRuntime, changed: ModuleId, swapped: Swapped[]): CascadeOutcome {
  const updated = new Map<ModuleId, ModuleVersion>([[changed, runtime.requireLoaded(changed).current]]);
  const reran: ModuleRerun[] = [];
  const kept: ModuleKept[] = [];
  for (const importer of runtime.graph.dependentsInTopologicalOrder(changed)) {
    const version = runtime.current(importer);
    if (version === undefined) continue;
    const changedImports = [...version.imports].filter((dependency) => updated.has(dependency));
    if (changedImports.length === 0) continue;
    const reasons = handleAccepts(runtime, version, changedImports, updated);
    if (reasons.length === 0) {
      const accepted = changedImports.filter((dependency) => runtime.acceptedDependencies(version).has(dependency));
      kept.push({ module: importer, reason: accepted.length > 0 ? `accepts ${accepted.join(', ')} (hot.accept)` : 'uses only live bindings: it sees the new code without running again' });
      continue;
    }
    if (version.hot.selfAccepted) {
      kept.push({ module: importer, reason: `a hot.accept() boundary (else it would re-run: ${reasons.join('; ')})` });
      continue;
    }
    if (version.hot.declined) {
      kept.push({ module: importer, reason: `declined (hot.decline()), so not re-run although ${reasons.join('; ')}: restart the agent for it to see the change` });
      continue;
    }
    runtime.replace(importer, version.compiled);
    swapped.push({ module: importer, previous: version.compiled });
    updated.set(importer, runtime.requireLoaded(importer).current);
    const entry = runtime.isEntry(importer);
    reran.push({ module: importer, reason: reasons.join('; '), ...(entry ? { entry } : {}) });
  }
  return { reran, kept };
}

/**
 * Reasons `version` must re-run for these changed imports. An import it accepts with
 * `hot.accept(dep, cb)` gives no reason: cb gets the new namespace (and may call
 * hot.invalidate(), which makes it one).
 */
function handleAccepts(runtime: AgentRuntime, version: ModuleVersion, changedImports: readonly ModuleId[], updated: ReadonlyMap<ModuleId, ModuleVersion>): string[] {
  const accepted = runtime.acceptedDependencies(version);
  const reasons: string[] = [];
  for (const dependency of changedImports) {
    const callbacks = accepted.get(dependency);
    if (callbacks === undefined) {
      const reason = rerunReason(version, dependency, updated.get(dependency) as ModuleVersion);
      if (reason !== null) reasons.push(reason);
      continue;
    }
    for (const callback of callbacks) callback(runtime.namespace(dependency));
    if (version.hot.invalidated !== null) reasons.push(`its hot.accept callback for ${dependency} called hot.invalidate(): ${version.hot.invalidated}`);
  }
  return reasons;
}
