import { existsSync, readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { AppError } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import type { CompiledModule } from './compile';
import { HotContext, type HotData } from './hot-context';
import { ModuleVersion } from './module-version';
import { runWithTimeout } from './run-with-timeout';

/** The runtime side of evaluation: workspace imports and where errors get their `.ts` lines. */
export interface EvaluationHost {
  readonly modulesDir: string;
  readonly evalTimeoutMs: number;
  /** Returns the live namespace of a workspace module, loading it first if needed. */
  importWorkspaceModule(importer: ModuleVersion, id: ModuleId): unknown;
  describeError(error: unknown): { message: string; location: string | null };
}

// Module scope: CommonJS names, `hot`, and timers that `hot` releases on dispose.
const PARAMETERS = [
  'exports',
  'require',
  'module',
  '__filename',
  '__dirname',
  'hot',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
];

const appRequire = createRequire(typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js'));

/**
 * Evaluates a compiled module with node:vm under its real file name (stable, so nothing
 * accumulates per version) and a time limit on top-level code. Not published: the caller decides.
 */
export function evaluateModule(
  host: EvaluationHost,
  compiled: CompiledModule,
  data: HotData,
  onStart: (version: ModuleVersion) => void = () => undefined,
): ModuleVersion {
  const hot = new HotContext(data);
  const version = new ModuleVersion(compiled, hot);
  onStart(version);
  const fn = compileWrapper(compiled, host);
  const clear = (timer: NodeJS.Timeout | undefined): void => hot.clearTimer(timer);
  const args = [
    version.module.exports,
    createModuleRequire(host, version),
    version.module,
    compiled.filename,
    path.dirname(compiled.filename),
    hot,
    hot.setTimeout.bind(hot),
    hot.setInterval.bind(hot),
    clear,
    clear,
  ];
  try {
    runWithTimeout(fn, version.module.exports, args, host.evalTimeoutMs);
  } catch (error) {
    hot.runDispose({});
    throw loadError(host, compiled.id, error);
  }
  return version;
}

function compileWrapper(compiled: CompiledModule, host: EvaluationHost): (...args: unknown[]) => unknown {
  try {
    return vm.compileFunction(compiled.code, PARAMETERS, { filename: compiled.filename }) as (
      ...args: unknown[]
    ) => unknown;
  } catch (error) {
    throw new AppError('COMPILE_ERROR', `${compiled.id}.ts: ${host.describeError(error).message}`, { cause: error });
  }
}

function loadError(host: EvaluationHost, id: ModuleId, error: unknown): AppError {
  if (error instanceof AppError) {
    if (error.code !== 'EVAL_TIMEOUT') return error;
    return new AppError('EVAL_TIMEOUT', `${id}.ts did not finish loading: ${error.message}`, {
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      cause: error,
    });
  }
  const { message, location } = host.describeError(error);
  const at = location === null ? '' : ` (at ${location})`;
  return new AppError('EVAL_ERROR', `${id}.ts threw while loading: ${message}${at}`, {
    hint: 'Fix the error; the previous version keeps running.',
    cause: error,
  });
}

function createModuleRequire(host: EvaluationHost, version: ModuleVersion): (specifier: string) => unknown {
  return (specifier) => {
    if (typeof specifier !== 'string') throw new TypeError('require() needs a string');
    const workspaceId = workspaceModuleOf(host.modulesDir, specifier);
    if (workspaceId !== null) {
      version.imports.add(workspaceId);
      return host.importWorkspaceModule(version, workspaceId);
    }
    return requireFromNode(host.modulesDir, specifier, version);
  };
}

/** The module id a relative or absolute specifier names, or null for built-ins and packages. */
export function workspaceModuleOf(modulesDir: string, specifier: string): ModuleId | null {
  const isPath = specifier.startsWith('.') || path.isAbsolute(specifier) || specifier.includes('\\');
  if (!isPath) return null;
  const resolved = path.resolve(modulesDir, specifier).replace(/\.(ts|js|cjs|mjs)$/, '');
  if (path.dirname(resolved) !== modulesDir) {
    const inside = resolved.startsWith(modulesDir + path.sep);
    throw new AppError(
      inside ? 'MODULE_NOT_FOUND' : 'OUTSIDE_WORKSPACE',
      inside
        ? `Cannot import "${specifier}": workspace modules live directly in modules/, not in subfolders.`
        : `Cannot import "${specifier}": it is outside the workspace.`,
      { hint: 'Import workspace modules as "./<module id>".' },
    );
  }
  return path.basename(resolved) as ModuleId;
}

/** Built-ins and npm packages are Node's business: from the workspace first, then the app. */
function requireFromNode(modulesDir: string, specifier: string, version: ModuleVersion): unknown {
  if (isBuiltin(specifier)) return appRequire(specifier);
  const workspaceRequire = createRequire(path.join(modulesDir, 'index.js'));
  let resolved: string;
  let requireFn: NodeJS.Require;
  try {
    resolved = workspaceRequire.resolve(specifier);
    requireFn = workspaceRequire;
  } catch {
    resolved = appRequire.resolve(specifier);
    requireFn = appRequire;
  }
  const exported: unknown = requireFn(resolved);
  for (const addon of nativeAddonsOf(requireFn.cache[resolved], resolved)) version.nativeAddons.add(addon);
  const nativePackage = nativePackageOf(resolved);
  if (nativePackage !== null) version.nativeAddons.add(nativePackage);
  return exported;
}

const nativePackages = new Map<string, boolean>();

/**
 * Packages with native code often load their addon lazily (better-sqlite3 on first `new
 * Database()`), so the package itself is checked too: a binding.gyp or `gypfile` marks it.
 */
function nativePackageOf(resolved: string): string | null {
  for (let dir = path.dirname(resolved); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    let native = nativePackages.get(dir);
    if (native === undefined) {
      native = existsSync(path.join(dir, 'binding.gyp')) || readGypfileFlag(manifest);
      nativePackages.set(dir, native);
    }
    return native ? dir : null;
  }
  return null;
}

function readGypfileFlag(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { gypfile?: unknown }).gypfile === true;
  } catch {
    return false;
  }
}

function nativeAddonsOf(entry: NodeJS.Module | undefined, resolved: string): string[] {
  if (resolved.endsWith('.node')) return [resolved];
  const found: string[] = [];
  const seen = new Set<NodeJS.Module>();
  const stack = entry === undefined ? [] : [entry];
  while (stack.length > 0 && seen.size < 5000) {
    const current = stack.pop() as NodeJS.Module;
    if (seen.has(current)) continue;
    seen.add(current);
    if (current.filename.endsWith('.node')) found.push(current.filename);
    stack.push(...current.children);
  }
  return found;
}
