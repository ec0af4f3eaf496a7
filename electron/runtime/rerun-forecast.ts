import type { ModuleId } from '../../shared/ids';
import type { RerunForecast } from '../../shared/reload-reruns';
import type { AgentRuntime } from './agent-runtime';

/**
 * Before a reload of `module`: what each of its importers will do, from what their top-level
 * code read of it at load (see rerun-reason.ts for the rule the reload applies).
 */
export function forecastReruns(runtime: AgentRuntime, module: ModuleId): RerunForecast[] {
  return runtime.graph.dependents(module).flatMap((importer): RerunForecast[] => {
    const version = runtime.current(importer);
    if (version === undefined) return [];
    const entry = runtime.isEntry(importer) ? { entry: true } : {};
    const never = (reason: string): RerunForecast[] => [{ module: importer, when: 'never', reason, ...entry }];
    if (version.hot.declined) return never('keeps running (hot.decline()); restart the agent for it to run again');
    if (version.hot.selfAccepted) return never('keeps running (a hot.accept() boundary)');
    if (runtime.acceptedDependencies(version).has(module)) return never(`keeps running; its hot.accept callback for ${module} runs`);
    const reads = version.reads.get(module);
    if (reads !== undefined && reads.called.size > 0) {
      const names = [...reads.called].map((name) => `\`${name}\``).join(', ');
      return [{ module: importer, when: 'always', reason: `re-runs: it called ${names} at load`, ...entry }];
    }
    const values = [...(reads?.values.keys() ?? [])].map((name) => `\`${String(name)}\``);
    if (values.length === 0 && reads?.keys == null) return never('keeps running: it uses only live bindings, so it sees the new code at once');
    const what = [values.length > 0 ? `${values.join(', ')} (read at load) change` : null, reads?.keys != null ? 'the export names change' : null].filter((part) => part !== null);
    return [{ module: importer, when: 'if-changed', reason: `re-runs only if ${what.join(' or ')}`, ...entry }];
  });
}
