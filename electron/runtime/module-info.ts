import type { ModuleInfo, ModuleState } from '../../shared/contract/panel';
import type { ModuleId, Sha256 } from '../../shared/ids';
import type { AgentRuntime } from './agent-runtime';
import { sha256 } from '../base/sha256';

/** What the panel, the terminal and the CLI show about a module. */
export function describeModule(runtime: AgentRuntime, id: ModuleId): ModuleInfo {
  const record = runtime.record(id);
  const current = record?.current;
  const lastError = record?.lastError ?? null;
  return {
    id,
    hash: current?.compiled.hash ?? fileHash(runtime, id),
    loaded: current !== undefined,
    state: stateOf(current !== undefined, current?.hot.declined ?? false, lastError !== null),
    dependencies: runtime.graph.dependencies(id),
    dependents: runtime.graph.dependents(id),
    transitiveDependents: runtime.graph.transitiveDependents(id).filter((other) => other !== id),
    nativeAddon: (current?.nativeAddons.size ?? 0) > 0,
    inFlight: current?.inFlight ?? 0,
    lastError,
  };
}

export function describeModules(runtime: AgentRuntime): ModuleInfo[] {
  return runtime.moduleIds().map((id) => describeModule(runtime, id));
}

function stateOf(loaded: boolean, declined: boolean, failed: boolean): ModuleState {
  if (failed) return 'failed';
  if (!loaded) return 'not_loaded';
  return declined ? 'declined' : 'loaded';
}

function fileHash(runtime: AgentRuntime, id: ModuleId): Sha256 | null {
  try {
    return sha256(runtime.workspace.readModuleSource(id));
  } catch {
    return null;
  }
}
