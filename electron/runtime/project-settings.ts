import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTsconfig, type TsConfigJsonResolved, type TsConfigResult } from 'get-tsconfig';
import { AppError } from '../../shared/errors';

export type CompilerOptions = NonNullable<TsConfigJsonResolved['compilerOptions']>;

/** The parts of a project's own `package.json` the runtime reads. */
export interface PackageManifest {
  readonly name?: string;
  readonly type?: string;
  readonly main?: string;
  readonly exports?: unknown;
  readonly imports?: unknown;
}

/** What a workspace's own files say about it: tsconfig (with `extends`), package.json, our config. */
export interface ProjectSettings {
  readonly tsconfig: TsConfigResult | null;
  readonly compilerOptions: CompilerOptions;
  readonly manifest: PackageManifest | null;
  /** `entry` of saraphina.config.json, or null when it names none. */
  readonly configEntries: readonly string[] | null;
}

export const TSCONFIG_FILE = 'tsconfig.json';
export const MANIFEST_FILE = 'package.json';
const CONFIG_FILE = 'saraphina.config.json';

export function readProjectSettings(root: string): ProjectSettings {
  const tsconfigPath = path.join(root, TSCONFIG_FILE);
  let tsconfig: TsConfigResult | null = null;
  if (existsSync(tsconfigPath)) {
    try {
      tsconfig = { path: tsconfigPath, config: parseTsconfig(tsconfigPath) };
    } catch (error) {
      throw new AppError('CONFIG_ERROR', `${TSCONFIG_FILE} cannot be read: ${(error as Error).message}`, {
        hint: 'Fix the file (tsc --showConfig shows what TypeScript makes of it).',
      });
    }
  }
  return {
    tsconfig,
    compilerOptions: tsconfig?.config.compilerOptions ?? {},
    manifest: readJson<PackageManifest>(path.join(root, MANIFEST_FILE)),
    configEntries: entriesOf(readJson<{ entry?: unknown }>(path.join(root, CONFIG_FILE))?.entry),
  };
}

function readJson<T>(file: string): T | null {
  if (!existsSync(file)) return null;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as T) : null;
  } catch (error) {
    throw new AppError('CONFIG_ERROR', `${path.basename(file)} is not valid JSON: ${(error as Error).message}`);
  }
}

function entriesOf(entry: unknown): string[] | null {
  if (typeof entry === 'string') return [entry];
  if (Array.isArray(entry) && entry.length > 0 && entry.every((item) => typeof item === 'string')) return entry as string[];
  return null;
}
