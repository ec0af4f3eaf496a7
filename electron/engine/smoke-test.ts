import { AppError } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { compileModule } from '../runtime/compile';
import type { ModuleVersion } from '../runtime/module-version';
import { readSourceFile } from '../runtime/workspace';

/** Per runtime and smoke file: the evaluated smoke module, for as long as its source is the same. */
const loadedSmokeTests = new WeakMap<AgentRuntime, Map<string, { source: string; version: ModuleVersion }>>();

/**
 * The test in `modules/<id>.smoke.ts`, or null when the module has none: its default export is
 * called with the exports under test (a candidate before it is published, so a bad version is
 * caught before anyone calls it). The smoke file imports only the module's types, never the
 * module itself, so its evaluated module is kept and reused until the file changes (its
 * top-level code only defines the test).
 */
export async function loadSmokeTestOf(runtime: AgentRuntime, module: ModuleId): Promise<((exportsUnderTest: unknown) => unknown) | null> {
  const file = runtime.workspace.smokeTestPath(module);
  if (file === null) return null;
  const smoke = (await loadSmokeTest(runtime, module, file)).exports['default'];
  if (typeof smoke !== 'function') {
    throw new AppError('CHECK_FAILED', `${module}.smoke.ts has no default export function.`, {
      hint: 'Write `export default function smoke(m) { … }`.',
    });
  }
  return smoke as (exportsUnderTest: unknown) => unknown;
}

async function loadSmokeTest(runtime: AgentRuntime, module: ModuleId, file: string): Promise<ModuleVersion> {
  const source = readSourceFile(file, `${module}.smoke.ts`);
  let loaded = loadedSmokeTests.get(runtime);
  if (loaded === undefined) {
    loaded = new Map();
    loadedSmokeTests.set(runtime, loaded);
  }
  const cached = loaded.get(file);
  if (cached !== undefined && cached.source === source) return cached.version;
  const compiled = await compileModule(`${module}.smoke` as ModuleId, file, source, runtime.compileSettings(file));
  const version = runtime.instantiate(compiled);
  if (cached !== undefined) runtime.disposeVersion(cached.version);
  loaded.set(file, { source, version });
  return version;
}
