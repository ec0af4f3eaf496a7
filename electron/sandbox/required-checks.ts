import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ModuleId } from '../../shared/ids';
import type { SandboxCheck } from '../../shared/proposals';
import type { WorkspaceConfig } from '../engine/workspace-config';
import type { AgentRuntime } from '../runtime/agent-runtime';
/** As electron/runtime/workspace.ts names smoke tests. */
const SMOKE_SUFFIX = '.smoke.ts';

/**
 * The checks a sandbox run must report, worked out by the parent from what it knows (targets,
 * the running graph, settings, the files of the copy), so a run that stops early, or a report
 * that leaves checks out, cannot pass. Keys are `module:name` (`-` for workspace-wide checks).
 */
export function requiredChecks(
  runtime: AgentRuntime,
  config: WorkspaceConfig,
  targets: readonly ModuleId[],
  modulesDir: string,
  hasTests: boolean,
): Set<string> {
  const required = new Set<string>(['-:load workspace']);
  const affected = new Set<ModuleId>(targets);
  for (const target of targets) for (const dependent of runtime.graph.dependentsInTopologicalOrder(target)) affected.add(dependent);
  for (const module of affected) {
    const settings = config.settingsFor(module);
    const previous = runtime.current(module)?.exports;
    if (previous !== undefined) {
      required.add(`${module}:exports kept`);
      required.add(`${module}:export kinds kept`);
      if (typeof previous['health'] === 'function' && !settings.allowRemovedExports) required.add(`${module}:health()`);
    }
    for (const name of settings.extraChecks) required.add(`${module}:${name}()`);
    if (settings.smokeTest && existsSync(path.join(modulesDir, `${module}${SMOKE_SUFFIX}`))) required.add(`${module}:smoke test`);
  }
  if (hasTests) required.add('-:proposal tests');
  return required;
}

export function checkKey(check: Pick<SandboxCheck, 'module' | 'name'>): string {
  return `${check.module ?? '-'}:${check.name}`;
}

/** Required checks the report lacks, in a stable order. */
export function missingChecks(required: ReadonlySet<string>, checks: readonly SandboxCheck[]): string[] {
  const reported = new Set(checks.map(checkKey));
  return [...required].filter((key) => !reported.has(key));
}
