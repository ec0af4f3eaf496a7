import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Extensions of module source files, in the order a bare `./x` tries them (TypeScript first). */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** `./x.js` in TypeScript source names `x.ts` (or `x.tsx`) when that exists, as tsc and tsx resolve it. */
export const SOURCE_FOR_OUTPUT: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

const SMOKE = /\.smoke\.[cm]?[jt]sx?$/;
const TEST = /\.(test|spec)\.[cm]?[jt]sx?$/;
const DECLARATION = /\.d\.[cm]?ts$/;
const SKIPPED_FOLDERS = new Set(['node_modules', '__tests__', '__mocks__']);
/** A workspace larger than this is listed partly; nothing is that large by accident. */
const MAX_LISTED_FILES = 20_000;

export function sourceExtensionOf(file: string): string | null {
  const ext = path.extname(file);
  return (SOURCE_EXTENSIONS as readonly string[]).includes(ext) ? ext : null;
}

/** True for files that are the project's tests, declarations or smoke tests: never modules. */
export function isNeverModule(file: string): boolean {
  const name = path.basename(file);
  return SMOKE.test(name) || TEST.test(name) || DECLARATION.test(name);
}

export function isSmokeTest(file: string): boolean {
  return SMOKE.test(path.basename(file));
}

/**
 * Every module source file under `dir`: source extensions, not tests, declarations or smoke
 * tests; skipping `node_modules`, `__tests__`, hidden folders and the given build folders.
 */
export function listSourceFiles(dir: string, skip: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.length >= MAX_LISTED_FILES) return;
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !skip.has(full)) walk(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && sourceExtensionOf(entry.name) !== null && !isNeverModule(entry.name)) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found;
}
