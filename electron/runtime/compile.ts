import path from 'node:path';
import { sha256 } from '../base/sha256';
import { transform, transformSync, type Loader, type TransformOptions } from 'esbuild';
import { AppError } from '../../shared/errors';
import type { ModuleId, Sha256 } from '../../shared/ids';
import { CompileCache } from './compile-cache';
import { compileWithTypeScript, needsTypeScript } from './compile-typescript';
import { IMPORT_META } from './import-meta';
import type { CompilerOptions } from './project-settings';
import { SourceMapper } from './source-mapper';

/** A module version compiled to CommonJS but not yet evaluated. */
export interface CompiledModule {
  readonly id: ModuleId;
  readonly filename: string;
  readonly source: string;
  readonly hash: Sha256;
  readonly code: string;
  readonly sourceMapper: SourceMapper;
  /** Its top level awaits: evaluated as an async function, finished when its promise settles. */
  readonly topLevelAwait?: boolean;
}

/** How the workspace's tsconfig asks for code to be compiled, and how files are named in errors. */
export interface CompileSettings {
  readonly compilerOptions?: CompilerOptions;
  /** The file as people see it (`tools/echo.ts`); the base name when not given. */
  readonly label?: string;
  /** esbuild's output kept across opens (none: every compile runs esbuild). */
  readonly cache?: CompileCache;
}

// Re-exported for runtime/ and the reload manager, which import it with the compiler.
export { sha256 };

const LOADERS: Readonly<Record<string, Loader>> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.jsx': 'jsx',
  '.json': 'json',
};

const TSCONFIG_KEYS = [
  'experimentalDecorators',
  'useDefineForClassFields',
  'jsx',
  'jsxFactory',
  'jsxFragmentFactory',
  'jsxImportSource',
  'preserveValueImports',
  'verbatimModuleSyntax',
  'target',
  'alwaysStrict',
] as const;

function options(filename: string, settings: CompileSettings, sourcemap: boolean): TransformOptions {
  const compilerOptions = settings.compilerOptions ?? {};
  const honoured = Object.fromEntries(TSCONFIG_KEYS.flatMap((key) => (compilerOptions[key] === undefined ? [] : [[key, compilerOptions[key]]])));
  return {
    loader: LOADERS[path.extname(filename)] ?? 'js',
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    // The map is written only when an error needs a location (see lazyMap).
    sourcemap: sourcemap ? 'external' : false,
    sourcefile: filename,
    logLevel: 'silent',
    // import() goes through the module's require, so workspace modules come back live.
    supported: { 'dynamic-import': false },
    define: { 'import.meta': IMPORT_META },
    tsconfigRaw: { compilerOptions: honoured },
  };
}

/** TypeScript/JavaScript/JSON → CommonJS with a source map, so errors can name source lines. */
export async function compileModule(id: ModuleId, filename: string, source: string, settings: CompileSettings = {}): Promise<CompiledModule> {
  if (needsTypeScript(filename, source, settings.compilerOptions)) return compileSync(id, filename, source, settings);
  const asked = options(filename, settings, false);
  const key = settings.cache === undefined ? '' : CompileCache.key(source, asked);
  try {
    const code = settings.cache?.get(filename, key) ?? remember(settings, filename, key, (await transform(source, asked)).code);
    return toCompiled(id, filename, source, { code: directExports(eagerExportGetters(code)), map: lazyMap(filename, source, settings, code) });
  } catch (error) {
    return fallBackOrThrow(id, filename, source, settings, error);
  }
}

function remember(settings: CompileSettings, filename: string, key: string, code: string): string {
  settings.cache?.set(filename, key, code);
  return code;
}

/** The same, for a module first needed in the middle of evaluating another (an import). */
export function compileModuleSync(id: ModuleId, filename: string, source: string, settings: CompileSettings = {}): CompiledModule {
  return compileSync(id, filename, source, settings);
}

function compileSync(id: ModuleId, filename: string, source: string, settings: CompileSettings): CompiledModule {
  if (needsTypeScript(filename, source, settings.compilerOptions)) {
    const { code, map } = compileWithTypeScript(filename, source, settings.compilerOptions ?? {}, labelOf(filename, settings));
    return { ...toCompiled(id, filename, source, { code, map }), topLevelAwait: true };
  }
  const asked = options(filename, settings, false);
  const key = settings.cache === undefined ? '' : CompileCache.key(source, asked);
  try {
    const code = settings.cache?.get(filename, key) ?? remember(settings, filename, key, transformSync(source, asked).code);
    return toCompiled(id, filename, source, { code: directExports(eagerExportGetters(code)), map: lazyMap(filename, source, settings, code) });
  } catch (error) {
    return fallBackOrThrow(id, filename, source, settings, error);
  }
}

/**
 * esbuild cannot emit top-level await as CommonJS; such a module is compiled by TypeScript
 * instead (which keeps the awaits) and evaluated as an async function.
 */
function fallBackOrThrow(id: ModuleId, filename: string, source: string, settings: CompileSettings, error: unknown): CompiledModule {
  const errors = (error as { errors?: EsbuildMessage[] }).errors ?? [];
  if (errors.length > 0 && errors.every((message) => /top-level await/i.test(message.text))) {
    const { code, map } = compileWithTypeScript(filename, source, settings.compilerOptions ?? {}, labelOf(filename, settings));
    return { ...toCompiled(id, filename, source, { code, map }), topLevelAwait: true };
  }
  throw compileError(labelOf(filename, settings), error);
}

/**
 * The source map of esbuild's output, written when first asked for: the same input and options
 * give the same code, with the map beside it. Should the code ever differ, no map is better than
 * one that names wrong lines.
 */
function lazyMap(filename: string, source: string, settings: CompileSettings, code: string): () => string {
  return () => {
    const withMap = transformSync(source, options(filename, settings, true));
    return withMap.code === code ? withMap.map : EMPTY_MAP;
  };
}

/** esbuild's table of export getters, `var x_exports = {}; __export(x_exports, { a: () => a, … });`. */
const EXPORT_TABLE = /^var ([\w$]+) = \{\};\n__export\(\1, \{\n[\s\S]*?\n\}\);$/m;
const EXPORT_GETTER = /^( {2}(?:[\w$]+|"(?:[^"\\\n]|\\.)*"): )\(\) => ([\w$.]+)(,?)$/gm;

/**
 * `a: (() => a)` instead of `a: () => a`: V8 compiles a parenthesized function with the code
 * around it instead of on its first call, which for a module's export getters (all read by the
 * checks and the class patcher at every reload) costs a tenth. Only columns on those lines move,
 * and no error is ever located there.
 */
function eagerExportGetters(code: string): string {
  return code.replace(EXPORT_TABLE, (table) => table.replace(EXPORT_GETTER, '$1(() => $2)$3'));
}

/**
 * esbuild gives a module two objects of exports: its table (`x_exports`, a getter per export)
 * and `module.exports = __toCommonJS(x_exports)`, a copy made at load with a getter per export
 * that reads the table's. The table itself, marked `__esModule` as the copy was, becomes
 * `module.exports`: the same names in the same order with the same attributes, each read through
 * one getter instead of two, and no copy to make (for the 50,000-line module: 16,667 getters
 * fewer to define at load, and every export read by the checks and the class patcher at each
 * reload). `export * from` (`__reExport(x_exports, …, module.exports)`) then copies into the one
 * object once. Done only when the table's name is used nowhere else; lines do not move.
 */
function directExports(code: string): string {
  const name = EXPORT_TABLE.exec(code)?.[1];
  if (name === undefined || !code.includes('var __defProp = Object.defineProperty;')) return code;
  const declaration = `var ${name} = {};\n__export(${name}, {`;
  const conversion = `\nmodule.exports = __toCommonJS(${name});\n`;
  const at = code.indexOf(conversion);
  if (at < 0 || code.indexOf(conversion, at + 1) >= 0 || code.indexOf(declaration) !== code.lastIndexOf(declaration)) return code;
  const escaped = name.replaceAll('$', '\\$');
  const uses = code.match(new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, 'g'))?.length ?? 0;
  const reExports = code.split(`\n__reExport(${name}, `).length - 1;
  if (uses !== 3 + reExports) return code;
  // Functions, so that a `$` in the name is no replacement pattern.
  return code
    .replace(declaration, () => `var ${name} = __defProp({}, "__esModule", { value: true });\n__export(${name}, {`)
    .replace(conversion, () => `\nmodule.exports = ${name};\n`);
}

const EMPTY_MAP = '{"version":3,"sources":[],"names":[],"mappings":""}';

function toCompiled(id: ModuleId, filename: string, source: string, result: { code: string; map: string | (() => string) }): CompiledModule {
  return { id, filename, source, hash: sha256(source), code: result.code, sourceMapper: new SourceMapper(result.map) };
}

function labelOf(filename: string, settings: CompileSettings): string {
  return settings.label ?? path.basename(filename);
}

interface EsbuildMessage {
  text: string;
  location: { line: number; column: number } | null;
}

function compileError(label: string, error: unknown): AppError {
  const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
  const where = first?.location ? ` (${label}:${first.location.line}:${first.location.column + 1})` : '';
  const text = first?.text ?? (error instanceof Error ? error.message : String(error));
  return new AppError('COMPILE_ERROR', `${label} does not compile: ${text}${where}`, {
    hint: 'Fix the syntax error and try again.',
    cause: error,
  });
}
