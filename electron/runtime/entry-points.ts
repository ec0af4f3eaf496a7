import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { Workspace } from './workspace';
import { SOURCE_EXTENSIONS, SOURCE_FOR_OUTPUT } from './source-files';
import { isFile } from './file-kind';

/**
 * Files the agent starts from, as `node`/`tsx` would run the project: `entry` of
 * saraphina.config.json (ids or paths), else package.json `main`/`exports` mapped from the build
 * output back to the source (tsconfig outDir → rootDir), else `index` in the source root. Null
 * when there is none of these: a folder of modules without an entry loads every module.
 */
export function findEntryFiles(workspace: Workspace): string[] | null {
  const configured = workspace.settings.configEntries;
  if (configured !== null) return configured.map((entry) => configuredEntry(workspace, entry));
  const fromManifest = manifestTargets(workspace.settings.manifest?.exports, workspace.settings.manifest?.main)
    .map((target) => sourceOfOutput(workspace, path.resolve(workspace.root, target)))
    .filter((file): file is string => file !== null);
  if (fromManifest.length > 0) return [...new Set(fromManifest)];
  const index = withSourceExtension(path.join(workspace.sourceRoot, 'index'));
  return index === null ? null : [index];
}

function configuredEntry(workspace: Workspace, entry: string): string {
  const asPath = path.resolve(workspace.root, entry);
  const file = workspace.isInside(asPath) ? (isFile(asPath) ? asPath : withSourceExtension(asPath)) : null;
  if (file !== null) return file;
  const id = workspace.parseModuleId(entry);
  try {
    return workspace.modulePath(id);
  } catch {
    throw new AppError('CONFIG_ERROR', `saraphina.config.json: entry "${entry}" is neither a module id nor a file.`, {
      hint: 'Name a module (src/main.ts or main) that exists.',
    });
  }
}

/** The `.` targets of `exports` (strings under any condition), else `main`. */
function manifestTargets(exports: unknown, main: string | undefined): string[] {
  const targets: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') targets.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) if (key !== 'types' && !key.startsWith('./')) collect(inner);
    }
  };
  if (typeof exports === 'string' || Array.isArray(exports)) collect(exports);
  else if (typeof exports === 'object' && exports !== null) {
    const record = exports as Record<string, unknown>;
    collect(Object.keys(record).some((key) => key.startsWith('.')) ? record['.'] : record);
  }
  if (targets.length === 0 && typeof main === 'string') targets.push(main);
  return targets.filter((target) => !/\.d\.[cm]?ts$/.test(target));
}

/** A build output file mapped to the source file it was compiled from (outDir → rootDir). */
function sourceOfOutput(workspace: Workspace, output: string): string | null {
  const { compilerOptions, tsconfig } = workspace.settings;
  const base = path.dirname(tsconfig?.path ?? workspace.root);
  const outDir = typeof compilerOptions.outDir === 'string' ? path.resolve(base, compilerOptions.outDir) : null;
  const relative = outDir === null ? null : path.relative(outDir, output);
  const mapped =
    relative !== null && !relative.startsWith('..') && !path.isAbsolute(relative) ? path.join(workspace.sourceRoot, relative) : output;
  if (!workspace.isInside(mapped)) return null;
  return withSourceExtension(mapped) ?? (isFile(mapped) ? mapped : null);
}

/** `x.js` → `x.ts` when the source exists; `x` → `x.ts`, … ; else the file itself. */
export function withSourceExtension(stem: string): string | null {
  const ext = path.extname(stem);
  for (const sourceExt of SOURCE_FOR_OUTPUT[ext] ?? []) {
    const candidate = stem.slice(0, -ext.length) + sourceExt;
    if (isFile(candidate)) return candidate;
  }
  if (ext !== '' && isFile(stem)) return stem;
  for (const sourceExt of SOURCE_EXTENSIONS) if (isFile(stem + sourceExt)) return stem + sourceExt;
  return null;
}
