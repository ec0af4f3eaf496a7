import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type ts from 'typescript';
import { HOT_DECLARATION, HOT_DECLARATION_FILE } from './hot-declaration';

/** The program a workspace is checked with: its own tsconfig, or the defaults below. */
export interface CompilerSetup {
  readonly options: ts.CompilerOptions;
  /** The project's files (tsconfig `files`/`include`, or every source under the root). */
  readonly rootNames: readonly string[];
  /** Absolute path of the tsconfig used; null when the defaults apply. */
  readonly tsconfig: string | null;
  /** Problems in the tsconfig itself (reported once, never blamed on a change). */
  readonly configErrors: readonly ts.Diagnostic[];
}

/** Folders that never hold the project's own sources. */
const EXCLUDED = ['node_modules', '.saraphina', 'dist', 'out', 'build', '.git'];

/**
 * Without a tsconfig: what `tsc --init` would pick for a Node project, but not `strict` (a
 * project that never asked for strictness is not refused for implicit `any`), checking only
 * TypeScript files (plain JavaScript is not type-checked unless a tsconfig says `checkJs`).
 */
function defaultOptions(typescript: typeof ts): ts.CompilerOptions {
  return {
    target: typescript.ScriptTarget.ES2022,
    module: typescript.ModuleKind.Preserve,
    moduleResolution: typescript.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    esModuleInterop: true,
    resolveJsonModule: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    isolatedModules: true,
    forceConsistentCasingInFileNames: true,
  };
}

/**
 * `root` is spelt as the compiler spells paths (forward slashes). Reads `<root>/tsconfig.json` (with its `extends`), never a tsconfig of a folder above: the
 * workspace is the project. Emit settings are dropped (the gate only checks). Node's own types
 * come from the workspace when it has `@types/node`, else from the app's copy (the agent runs on
 * the app's Node); the runtime's `hot` object is declared when the project does not declare it.
 */
export function readCompilerSetup(typescript: typeof ts, root: string, appNodeTypes: string | null): CompilerSetup {
  const file = path.join(root, 'tsconfig.json');
  const host: ts.ParseConfigHost = typescript.sys;
  let options: ts.CompilerOptions;
  let rootNames: string[];
  let configErrors: ts.Diagnostic[] = [];
  let tsconfig: string | null = null;
  if (existsSync(file)) {
    tsconfig = file;
    const read = typescript.readConfigFile(file, (name) => typescript.sys.readFile(name));
    const parsed = typescript.parseJsonConfigFileContent(read.config ?? {}, host, root, undefined, file);
    options = parsed.options;
    rootNames = parsed.fileNames;
    configErrors = [...(read.error === undefined ? [] : [read.error]), ...parsed.errors.filter((error) => error.code !== NO_INPUTS)];
  } else {
    const parsed = typescript.parseJsonConfigFileContent({ include: ['**/*'], exclude: EXCLUDED }, host, root);
    options = defaultOptions(typescript);
    rootNames = parsed.fileNames.filter((name) => /\.(c|m)?tsx?$/.test(name));
  }
  options = checkOnly(options);
  const extra: string[] = [];
  if (appNodeTypes !== null && !resolvesNodeTypes(typescript, root, options)) {
    extra.push(appNodeTypes.replace(/\\/g, '/'));
    if (options.types !== undefined) options = { ...options, types: options.types.filter((name) => name !== 'node') };
  }
  if (!declaresHot(rootNames)) extra.push(`${root}/${HOT_DECLARATION_FILE}`);
  return { options, rootNames: [...rootNames, ...extra], tsconfig, configErrors };
}

/** "No inputs were found in config file": an empty project is not an error of a change. */
const NO_INPUTS = 18003;

function checkOnly(options: ts.CompilerOptions): ts.CompilerOptions {
  const {
    composite: _composite,
    incremental: _incremental,
    tsBuildInfoFile: _buildInfo,
    declaration: _declaration,
    declarationMap: _declarationMap,
    emitDeclarationOnly: _emitDeclarationOnly,
    sourceMap: _sourceMap,
    ...rest
  } = options;
  return { ...rest, noEmit: true };
}

function resolvesNodeTypes(typescript: typeof ts, root: string, options: ts.CompilerOptions): boolean {
  const resolved = typescript.resolveTypeReferenceDirective('node', path.join(root, 'index.ts'), options, typescript.sys);
  return resolved.resolvedTypeReferenceDirective?.resolvedFileName !== undefined;
}

/** True when a declaration file of the project declares a global `hot` itself (the demo's does). */
function declaresHot(rootNames: readonly string[]): boolean {
  return rootNames
    .filter((name) => name.endsWith('.d.ts'))
    .some((name) => {
      try {
        return /\bdeclare\s+(?:const|let|var)\s+hot\b/.test(readFileSync(name, 'utf8'));
      } catch {
        return false;
      }
    });
}

/** The virtual declaration file's text, for the language service host. */
export function virtualFile(root: string, file: string): string | undefined {
  return file === `${root}/${HOT_DECLARATION_FILE}` ? HOT_DECLARATION : undefined;
}
