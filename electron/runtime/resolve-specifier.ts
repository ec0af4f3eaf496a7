import { existsSync, readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { createPathsMatcher, type PathsMatcher } from 'get-tsconfig';
import { exports as resolveExports, imports as resolveImports } from 'resolve.exports';
import { AppError } from '../../shared/errors';
import { withSourceExtension } from './entry-points';
import type { PackageManifest } from './project-settings';
import type { Workspace } from './workspace';
import { isFile, isDirectory } from './file-kind';

export type Resolution =
  | { readonly kind: 'builtin'; readonly specifier: string }
  /** A file of the workspace's own code: a module with an id, reloadable. */
  | { readonly kind: 'workspace'; readonly file: string }
  /** A file of an installed package, loaded once by Node. */
  | { readonly kind: 'package'; readonly file: string };

const pathsMatchers = new WeakMap<Workspace, PathsMatcher | null>();
/** The app's own node_modules: never where a workspace's package comes from. */
const APP_NODE_MODULES = appNodeModules();

/**
 * Resolves an import the way tsc/tsx and Node do for the workspace's own files: relative
 * paths with `.js`→`.ts` mapping, extension and `index` lookup, tsconfig `paths`/`baseUrl`,
 * package.json `imports` (`#x`), then packages from the workspace's own node_modules (never
 * the app's). Throws MODULE_NOT_FOUND naming the specifier and the importing file.
 */
export function resolveSpecifier(workspace: Workspace, specifier: string, importer: string): Resolution {
  if (isBuiltin(specifier)) return { kind: 'builtin', specifier };
  const from = workspace.displayPath(importer);
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const target = path.resolve(path.dirname(importer), specifier);
    if (!workspace.isInside(target)) {
      throw new AppError('OUTSIDE_WORKSPACE', `Cannot import "${specifier}" (in ${from}): it is outside the workspace.`, {
        hint: 'Import files inside the workspace folder, or install the code as a package.',
      });
    }
    const file = resolveFile(target);
    if (file === null) throw notFound(specifier, from, 'no such file');
    return classify(workspace, file);
  }
  for (const candidate of pathsMatcherOf(workspace)?.(specifier) ?? []) {
    const file = resolveFile(candidate);
    if (file !== null && workspace.isInside(file)) return classify(workspace, file);
  }
  if (specifier.startsWith('#')) return resolvePackageImport(workspace, specifier, from);
  return { kind: 'package', file: resolvePackage(workspace, specifier, importer, from) };
}

function classify(workspace: Workspace, file: string): Resolution {
  const insidePackage = path.relative(workspace.root, file).split(path.sep).includes('node_modules');
  return insidePackage ? { kind: 'package', file } : { kind: 'workspace', file };
}

/** A file, a file by another extension (`.js` → `.ts`), or a folder's package.json main or index. */
export function resolveFile(target: string): string | null {
  const direct = withSourceExtension(target) ?? (target.endsWith('.json') && isFile(target) ? target : null);
  if (direct !== null) return direct;
  if (!isDirectory(target)) return isFile(`${target}.json`) ? `${target}.json` : null;
  const manifest = readManifest(path.join(target, 'package.json'));
  if (typeof manifest?.main === 'string') {
    const main = resolveFile(path.resolve(target, manifest.main));
    if (main !== null) return main;
  }
  return withSourceExtension(path.join(target, 'index'));
}

function pathsMatcherOf(workspace: Workspace): PathsMatcher | null {
  if (!pathsMatchers.has(workspace)) {
    const { tsconfig } = workspace.settings;
    pathsMatchers.set(workspace, tsconfig === null ? null : createPathsMatcher(tsconfig));
  }
  return pathsMatchers.get(workspace) ?? null;
}

function resolvePackageImport(workspace: Workspace, specifier: string, from: string): Resolution {
  const manifest = workspace.settings.manifest;
  const targets = manifest === null ? undefined : resolveImports(manifest, specifier, { conditions: ['node'], unsafe: false });
  const target = targets?.[0];
  if (target === undefined) throw notFound(specifier, from, `package.json "imports" has no "${specifier}"`);
  if (!target.startsWith('.')) return { kind: 'package', file: resolvePackage(workspace, target, path.join(workspace.root, 'x'), from) };
  const file = resolveFile(path.resolve(workspace.root, target));
  if (file === null) throw notFound(specifier, from, `${target} does not exist`);
  return classify(workspace, file);
}

/**
 * Finds the package folder walking up from the importer through `node_modules` folders (as
 * Node does), skipping the app's own, then lets Node resolve inside it. ESM-only packages
 * (exports with only an `import` condition) are resolved through their exports map.
 */
function resolvePackage(workspace: Workspace, specifier: string, importer: string, from: string): string {
  const name = packageName(specifier);
  for (let dir = path.dirname(importer); ; dir = path.dirname(dir)) {
    const nodeModules = path.join(dir, 'node_modules');
    const packageDir = path.join(nodeModules, name);
    if (nodeModules !== APP_NODE_MODULES && existsSync(packageDir)) return resolveInside(dir, packageDir, specifier, from);
    if (path.dirname(dir) === dir) break;
  }
  throw new AppError('MODULE_NOT_FOUND', `Cannot find package "${name}" imported from ${from}: it is not installed in this workspace.`, {
    hint: `Install it in ${workspace.root} (npm install ${name}).`,
  });
}

function resolveInside(parent: string, packageDir: string, specifier: string, from: string): string {
  try {
    return createRequire(path.join(parent, 'noop.js')).resolve(specifier);
  } catch (error) {
    const manifest = readManifest(path.join(packageDir, 'package.json'));
    const subpath = `.${specifier.slice(packageName(specifier).length)}`;
    const target = manifest?.exports === undefined ? undefined : safeExports(manifest, subpath)?.[0];
    if (target !== undefined && isFile(path.resolve(packageDir, target))) return path.resolve(packageDir, target);
    throw new AppError('MODULE_NOT_FOUND', `Cannot load "${specifier}" imported from ${from}: ${(error as Error).message.split('\n')[0]}`, {
      hint: 'Check that the package is installed completely (npm install).',
      cause: error,
    });
  }
}

function safeExports(manifest: PackageManifest, subpath: string): string[] | undefined {
  try {
    return resolveExports(manifest, subpath, { conditions: ['node', 'import'], unsafe: false }) ?? undefined;
  } catch {
    return undefined;
  }
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function notFound(specifier: string, from: string, why: string): AppError {
  return new AppError('MODULE_NOT_FOUND', `Cannot find module "${specifier}" imported from ${from}: ${why}.`, {
    hint: 'Check the path; workspace files resolve like tsc does (./x, ./x.js for x.ts, ./dir for dir/index).',
  });
}

function readManifest(file: string): PackageManifest | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageManifest;
  } catch {
    return null;
  }
}

function appNodeModules(): string | null {
  try {
    const esbuild = createRequire(typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'x.js')).resolve('esbuild');
    const index = esbuild.lastIndexOf(`${path.sep}node_modules${path.sep}`);
    return index === -1 ? null : esbuild.slice(0, index + '/node_modules'.length);
  } catch {
    return null;
  }
}


