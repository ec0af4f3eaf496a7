import { AppError } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import type { AgentRuntime } from '../runtime/agent-runtime';
import { compileModule, type CompiledModule } from '../runtime/compile';
import { readSourceFile } from '../runtime/workspace';
import { runWithTimeout } from '../runtime/run-with-timeout';
import { withTimeLimit } from './time-limit';

const compiledSmokeTests = new Map<string, CompiledModule>();

/**
 * Runs `modules/<id>.smoke.ts`: its default export is called with the exports under test (a
 * candidate before it is published, so a bad version is caught before anyone calls it). The
 * smoke file imports only the module's types, never the module itself.
 */
export async function runSmokeTest(
  runtime: AgentRuntime,
  module: ModuleId,
  exportsUnderTest: Record<PropertyKey, unknown>,
  timeoutMs: number,
): Promise<void> {
  const file = runtime.workspace.smokeTestPath(module);
  if (file === null) return;
  const compiled = await compileSmokeTest(module, file, runtime);
  const version = runtime.instantiate(compiled);
  try {
    const smoke = version.exports['default'];
    if (typeof smoke !== 'function') {
      throw new AppError('CHECK_FAILED', `${module}.smoke.ts has no default export function.`, {
        hint: 'Write `export default function smoke(m) { … }`.',
      });
    }
    const started = performance.now();
    const result = runWithTimeout(smoke as (m: unknown) => unknown, undefined, [exportsUnderTest], timeoutMs);
    await withTimeLimit(result, Math.max(1, timeoutMs - (performance.now() - started)), `${module}.smoke.ts`);
  } finally {
    runtime.disposeVersion(version);
  }
}

/** Smoke files change rarely; they are compiled again only when their content changes. */
async function compileSmokeTest(module: ModuleId, file: string, runtime: AgentRuntime): Promise<CompiledModule> {
  const source = readSourceFile(file, `${module}.smoke.ts`);
  const cached = compiledSmokeTests.get(file);
  if (cached !== undefined && cached.source === source) return cached;
  const compiled = await compileModule(`${module}.smoke` as ModuleId, file, source, runtime.compileSettings(file));
  compiledSmokeTests.set(file, compiled);
  return compiled;
}
