import type { ModuleId } from '../../shared/ids';
import type { CompiledModule } from './compile';
import { resolveSpecifier } from './resolve-specifier';
import type { Workspace } from './workspace';

const REQUIRE_CALL = /\brequire\((["'])((?:\\.|(?!\1).)+)\1\)/g;
/** How esbuild and TypeScript compile `import('x')`: not a static import, so not loaded up front. */
const DYNAMIC_IMPORT_BEFORE = /Promise\.resolve\(\)\.then\(\(\) => (?:__toESM\(|__importStar\()?$/;

/**
 * The specifiers a compiled module imports statically, in source order (what ESM links and
 * evaluates before the module itself). Dynamic `import()` calls are left out.
 */
export function staticImports(compiled: CompiledModule): string[] {
  const found: string[] = [];
  for (const match of compiled.code.matchAll(REQUIRE_CALL)) {
    const before = compiled.code.slice(Math.max(0, match.index - 60), match.index);
    if (DYNAMIC_IMPORT_BEFORE.test(before)) continue;
    found.push(match[2] as string);
  }
  return found;
}

/** Per compiled version: loading asks twice (to compile its imports, then to evaluate them first). */
const resolvedOnce = new WeakMap<CompiledModule, readonly ModuleId[]>();

/** Workspace modules a compiled module imports statically (unresolvable ones are left for evaluation to report). */
export function staticDependencies(workspace: Workspace, compiled: CompiledModule): ModuleId[] {
  let found = resolvedOnce.get(compiled);
  if (found === undefined) {
    found = resolveImports(workspace, compiled);
    resolvedOnce.set(compiled, found);
  }
  return [...found];
}

function resolveImports(workspace: Workspace, compiled: CompiledModule): ModuleId[] {
  return staticImports(compiled).flatMap((specifier) => {
    try {
      const resolved = resolveSpecifier(workspace, specifier, compiled.filename);
      const dependency = resolved.kind === 'workspace' ? workspace.idOfFile(resolved.file) : null;
      return dependency === null ? [] : [dependency];
    } catch {
      return [];
    }
  });
}
