import { createRequire } from 'node:module';
import path from 'node:path';
import type ts from 'typescript';
import { AppError } from '../../shared/errors';
import { IMPORT_META } from './import-meta';
import { renameOwnModuleNames } from './own-module-names';
import type { CompilerOptions } from './project-settings';

type TypeScript = typeof ts;
let loaded: TypeScript | undefined;

/** TypeScript is large; it is loaded only for the few modules esbuild cannot compile as asked. */
function typescript(): TypeScript {
  loaded ??= createRequire(typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'x.js'))('typescript') as TypeScript;
  return loaded;
}

/** `emitDecoratorMetadata` needs TypeScript's emit: esbuild does not write decorator metadata. */
export function needsTypeScript(filename: string, source: string, options: CompilerOptions | undefined): boolean {
  return (
    options?.emitDecoratorMetadata === true &&
    options.experimentalDecorators === true &&
    /\.[cm]?tsx?$/.test(filename) &&
    /(^|[\s{(;,])@[A-Za-z_$]/.test(source)
  );
}

const IMPORT_META_PATTERN = /\bimport\.meta\b/g;

const UNUSED_OPTIONS = ['moduleResolution', 'customConditions', 'resolvePackageJsonExports', 'resolvePackageJsonImports', 'isolatedDeclarations'] as const;

/**
 * Compiles one file with TypeScript's own transpiler to CommonJS, keeping top-level awaits (the
 * caller evaluates the result as an async function) and writing decorator metadata.
 */
export function compileWithTypeScript(
  filename: string,
  source: string,
  compilerOptions: CompilerOptions,
  label: string,
): { code: string; map: string } {
  const ts = typescript();
  const converted = ts.convertCompilerOptionsFromJson(compilerOptions, path.dirname(filename)).options;
  // One file is transpiled, nothing resolved: options about resolution (NodeNext's, refused
  // beside the CommonJS output asked for here) and declarations have no say.
  for (const key of UNUSED_OPTIONS) delete converted[key];
  const result = ts.transpileModule(source, {
    fileName: filename,
    reportDiagnostics: true,
    compilerOptions: {
      ...converted,
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      verbatimModuleSyntax: false,
      isolatedModules: true,
      sourceMap: true,
      inlineSourceMap: false,
      inlineSources: false,
      declaration: false,
      noEmit: false,
    },
    transformers: { before: [renameOwnModuleNames(ts)] },
  });
  const error = result.diagnostics?.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (error !== undefined) {
    const text = ts.flattenDiagnosticMessageText(error.messageText, ' ');
    const position = error.file !== undefined && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start) : null;
    const where = position === null ? '' : ` (${label}:${position.line + 1}:${position.character + 1})`;
    const hint = error.file === undefined ? 'A compilerOptions setting in tsconfig.json is refused for this module (compiled by TypeScript for its top-level await or decorator metadata).' : 'Fix the syntax error and try again.';
    throw new AppError('COMPILE_ERROR', `${label} does not compile: ${text}${where}`, { hint });
  }
  const code = result.outputText
    .replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n')
    .replace(IMPORT_META_PATTERN, IMPORT_META);
  return { code, map: result.sourceMapText ?? '{"version":3,"sources":[],"names":[],"mappings":""}' };
}
