import { createHash } from 'node:crypto';
import { transform, transformSync, type TransformOptions, type TransformResult } from 'esbuild';
import { AppError } from '../../shared/errors';
import type { ModuleId, Sha256 } from '../../shared/ids';
import { SourceMapper } from './source-mapper';

/** A module version compiled to CommonJS but not yet evaluated. */
export interface CompiledModule {
  readonly id: ModuleId;
  readonly filename: string;
  readonly source: string;
  readonly hash: Sha256;
  readonly code: string;
  readonly sourceMapper: SourceMapper;
}

export function sha256(text: string | Uint8Array): Sha256 {
  return createHash('sha256').update(text).digest('hex') as Sha256;
}

function options(filename: string): TransformOptions {
  return {
    loader: 'ts',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'external',
    sourcefile: filename,
    logLevel: 'silent',
  };
}

/** TypeScript → CommonJS with a source map, so errors can name `.ts` lines. */
export async function compileModule(id: ModuleId, filename: string, source: string): Promise<CompiledModule> {
  try {
    return toCompiled(id, filename, source, await transform(source, options(filename)));
  } catch (error) {
    throw compileError(id, error);
  }
}

/** The same, for a module first needed in the middle of evaluating another (an import). */
export function compileModuleSync(id: ModuleId, filename: string, source: string): CompiledModule {
  try {
    return toCompiled(id, filename, source, transformSync(source, options(filename)));
  } catch (error) {
    throw compileError(id, error);
  }
}

function toCompiled(id: ModuleId, filename: string, source: string, result: TransformResult): CompiledModule {
  return { id, filename, source, hash: sha256(source), code: result.code, sourceMapper: new SourceMapper(result.map) };
}

interface EsbuildMessage {
  text: string;
  location: { line: number; column: number } | null;
}

function compileError(id: ModuleId, error: unknown): AppError {
  const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
  const where = first?.location ? ` (${id}.ts:${first.location.line}:${first.location.column + 1})` : '';
  const text = first?.text ?? (error instanceof Error ? error.message : String(error));
  return new AppError('COMPILE_ERROR', `${id}.ts does not compile: ${text}${where}`, {
    hint: 'Fix the syntax error and try again.',
    cause: error,
  });
}
