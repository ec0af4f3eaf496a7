import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { AppError } from '../../shared/errors';
import type { ModuleId } from '../../shared/ids';
import type { CompiledModule } from './compile';
import { HotContext, type HotData } from './hot-context';
import { IMPORT_META, importMetaFor } from './import-meta';
import { keepingLoadingStack, ModuleVersion, whileLoading } from './module-version';
import { installResourceHooks } from './resources/global-hooks';
import { ownedBuiltin, type ScopeTimers } from './resources/owned-builtins';
import { ownedProcess } from './resources/owned-process';
import { noteModuleFile } from './resources/module-code-frame';
import { keepingOwnerState, runOwned, runUnowned } from './resources/owner-context';
import { moduleOutputScope } from './module-output';
import { resolveSpecifier, type Resolution } from './resolve-specifier';
import { runInBatches, runWithTimeout } from './run-with-timeout';
import type { Workspace } from './workspace';

/** The runtime side of evaluation: workspace imports and where errors get their source lines. */
export interface EvaluationHost {
  readonly workspace: Workspace;
  readonly evalTimeoutMs: number;
  /** What module code sees as `process` (its cwd is the workspace root). */
  readonly processView: NodeJS.Process;
  /** Returns the live namespace of a workspace module file, loading it first if needed. */
  importWorkspaceModule(importer: ModuleVersion, id: ModuleId): unknown;
  describeError(error: unknown): { message: string; location: string | null };
}

// Module scope: CommonJS names, `hot`, import.meta, timers that `hot` releases on dispose, and
// a `process` whose listeners the version owns.
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
  IMPORT_META,
  'process',
  'console',
];

const appRequire = createRequire(typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js'));

/**
 * Evaluates a compiled module with node:vm under its real file name (stable, so nothing
 * accumulates per version) and a time limit on top-level code. Not published: the caller decides.
 * A module with top-level await runs as an async function: `version.settled` says when it is done.
 */
export function evaluateModule(
  host: EvaluationHost,
  compiled: CompiledModule,
  data: HotData,
  onStart: (version: ModuleVersion) => void = () => undefined,
): ModuleVersion {
  installResourceHooks();
  turnOffCompilationCache();
  const hot = new HotContext(data);
  const version = new ModuleVersion(compiled, hot);
  onStart(version);
  const fn = compileWrapper(compiled, host);
  const timers: ScopeTimers = {
    setTimeout: hot.setTimeout.bind(hot),
    setInterval: hot.setInterval.bind(hot),
    clearTimer: (timer) => hot.clearTimer(timer),
  };
  const moduleRequire = createModuleRequire(host, version, timers);
  const args = [
    version.module.exports,
    moduleRequire,
    version.module,
    compiled.filename,
    path.dirname(compiled.filename),
    hot,
    timers.setTimeout,
    timers.setInterval,
    timers.clearTimer,
    timers.clearTimer,
    importMetaFor(compiled.filename, hot, moduleRequire.resolve),
    ...moduleOutputScope(host, compiled.id, ownedProcess(host.processView, version.resources)),
  ];
  const abandon = (): void => abandonVersion(version);
  let result: unknown;
  try {
    result = runOwned(version.resources, () => whileLoading(version, () => runWithTimeout(fn, version.module.exports, args, host.evalTimeoutMs)));
  } catch (error) {
    abandon();
    throw loadError(host, compiled, error);
  }
  if (compiled.topLevelAwait === true) {
    version.settled = Promise.resolve(result).then(
      () => undefined,
      (error: unknown) => {
        abandon();
        throw loadError(host, compiled, error);
      },
    );
    version.settled.catch(() => undefined);
  }
  return version;
}

let compilationCacheOff = false;

/**
 * V8 keeps every source it compiled in its compilation cache (about 50 KB for a 500-line module,
 * with its bytecode) until the heap is nearly full, and no collection short of that frees it.
 * Each reload compiles new source, so the cache only grew: it was the whole heap growth over
 * reloads (a heap snapshot, whose collection clears the cache, showed < 1 MB retained over 300).
 * Module code is compiled once per version, so the cache saved nothing here.
 */
function turnOffCompilationCache(): void {
  if (compilationCacheOff) return;
  v8.setFlagsFromString('--no-compilation-cache');
  compilationCacheOff = true;
}

/**
 * Evaluates modules under one time limit per batch instead of one per module (see
 * runInBatches): `step` loads the next module and says whether there is more. A module the
 * limit stopped ran no `finally`: the load state is put back, and `onInterrupted` is told.
 */
export function evaluateInBatches(host: EvaluationHost, step: () => boolean, onInterrupted: (error: AppError) => void): void {
  runInBatches(host.evalTimeoutMs, step, onInterrupted, (run) => keepingLoadingStack(() => keepingOwnerState(run)));
}

/** A version whose top-level code a batch's time limit stopped: disposed, released, and why. */
export function interruptedLoad(host: EvaluationHost, version: ModuleVersion, error: AppError): AppError {
  abandonVersion(version);
  return loadError(host, version.compiled, error);
}

function abandonVersion(version: ModuleVersion): void {
  version.hot.runDispose({});
  version.resources.release();
}

function compileWrapper(compiled: CompiledModule, host: EvaluationHost): (...args: unknown[]) => unknown {
  const label = host.workspace.displayPath(compiled.filename);
  noteModuleFile(compiled.filename);
  try {
    const body = moduleBody(compiled.code);
    if (compiled.topLevelAwait === true) {
      // Same first line as the code, so source-map lines stay right.
      const script = new vm.Script(`(async function (${PARAMETERS.join(', ')}) {${body.code}\n})`, { filename: compiled.filename });
      return script.runInThisContext() as (...args: unknown[]) => unknown;
    }
    return vm.compileFunction(body.code, PARAMETERS, { filename: compiled.filename, columnOffset: body.columnOffset }) as (...args: unknown[]) => unknown;
  } catch (error) {
    throw new AppError('COMPILE_ERROR', `${label}: ${host.describeError(error).message}`, { cause: error });
  }
}

/** A "use strict" directive (after comments) opening the code. */
const USE_STRICT = /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*(['"])use strict\1;?/;

/**
 * The module's code in a block of its own inside its function: its top-level `const __dirname =
 * …` (usual in ES modules), `const process = require('node:process')` or `let hot` then shadows
 * the module-scope name passed in instead of being "already declared" beside the parameter. A
 * "use strict" directive stays in front of the block (inside it, it would be no directive), and
 * a `#!` line becomes a comment of the same length (it is no syntax in a function). Lines do not
 * move; the `{` opening the first line is taken off its columns.
 */
function moduleBody(code: string): { code: string; columnOffset: number } {
  const text = code.startsWith('#!') ? `//${code.slice(2)}` : code;
  const directive = USE_STRICT.exec(text)?.[0].length ?? 0;
  return { code: `${text.slice(0, directive)}{${text.slice(directive)}\n}`, columnOffset: directive === 0 ? -1 : 0 };
}

function loadError(host: EvaluationHost, compiled: CompiledModule, error: unknown): AppError {
  const label = host.workspace.displayPath(compiled.filename);
  if (error instanceof AppError) {
    if (error.code !== 'EVAL_TIMEOUT') return error;
    return new AppError('EVAL_TIMEOUT', `${label} did not finish loading: ${error.message}`, {
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      cause: error,
    });
  }
  const { message, location } = host.describeError(error);
  const at = location === null ? '' : ` (at ${location})`;
  return new AppError('EVAL_ERROR', `${label} threw while loading: ${message}${at}`, {
    hint: 'Fix the error; the previous version keeps running.',
    cause: error,
  });
}

type ModuleRequire = ((specifier: string) => unknown) & { resolve: (specifier: string) => string };

function createModuleRequire(host: EvaluationHost, version: ModuleVersion, timers: ScopeTimers): ModuleRequire {
  const importer = version.compiled.filename;
  const builtins = new Map<string, unknown>();
  const resolve = (specifier: string): Resolution => {
    if (typeof specifier !== 'string') throw new TypeError('require() needs a string');
    return resolveSpecifier(host.workspace, specifier, importer);
  };
  const moduleRequire = (specifier: string): unknown => {
    const resolved = resolve(specifier);
    if (resolved.kind === 'builtin') {
      let builtin = builtins.get(resolved.specifier);
      if (builtin === undefined) {
        builtin = ownedBuiltin(resolved.specifier, appRequire(resolved.specifier), version.resources, timers);
        builtins.set(resolved.specifier, builtin);
      }
      return builtin;
    }
    // A package's own load-time setup is shared by every version, so no version owns it.
    if (resolved.kind === 'package') return runUnowned(() => requirePackage(resolved.file, version));
    const id = host.workspace.idOfFile(resolved.file);
    if (id === null) throw new AppError('OUTSIDE_WORKSPACE', `Cannot import "${specifier}": it is outside the workspace.`);
    version.imports.add(id);
    // Compiling it is the runtime's work; its own top-level code runs as its version again.
    return runUnowned(() => host.importWorkspaceModule(version, id));
  };
  moduleRequire.resolve = (specifier: string): string => {
    const resolved = resolve(specifier);
    return resolved.kind === 'builtin' ? resolved.specifier : resolved.file;
  };
  return moduleRequire;
}

/** Installed packages are Node's business, loaded once from the workspace's node_modules. */
function requirePackage(file: string, version: ModuleVersion): unknown {
  const requireFn = createRequire(file);
  const exported: unknown = requireFn(file);
  for (const addon of nativeAddonsOf(requireFn.cache[file], file)) version.nativeAddons.add(addon);
  const nativePackage = nativePackageOf(file);
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
