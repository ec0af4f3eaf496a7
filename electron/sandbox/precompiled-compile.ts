import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { ModuleId, Sha256 } from '../../shared/ids';
import type { CompiledModule } from '../runtime/compile';
import { SourceMapper } from '../runtime/source-mapper';
import type { PrecompiledEntry } from './protocol';

/*
 * Stands in for electron/runtime/compile.ts inside the sandbox bundle (see runner-bundle.ts):
 * esbuild compiles by starting its own process, which the sandbox may not do, so the parent
 * compiles every file first and this module hands out the results.
 */

export type { CompiledModule };

let table: Readonly<Record<string, PrecompiledEntry>> = {};

export function installPrecompiled(entries: Readonly<Record<string, PrecompiledEntry>>): void {
  table = entries;
}

export function sha256(text: string | Uint8Array): Sha256 {
  return createHash('sha256').update(text).digest('hex') as Sha256;
}

export function compileModuleSync(id: ModuleId, filename: string, source: string): CompiledModule {
  const hash = sha256(source);
  const entry = table[filename];
  if (entry === undefined || entry.hash !== hash) {
    throw new AppError('COMPILE_ERROR', `${id}.ts was not compiled before the sandbox started.`);
  }
  if ('error' in entry) throw AppError.fromInfo(entry.error);
  return { id, filename, source, hash, code: entry.code, sourceMapper: new SourceMapper(entry.map), topLevelAwait: entry.topLevelAwait === true };
}

export async function compileModule(id: ModuleId, filename: string, source: string): Promise<CompiledModule> {
  return compileModuleSync(id, filename, source);
}
