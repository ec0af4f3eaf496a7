import { createRequire } from 'node:module';
import path from 'node:path';
import { codeFolderAndAncestors } from './code-folder';

/*
 * What differs when the code runs from a packaged app: the bundle lives inside `resources/app.asar`,
 * binaries that must be executed live in `resources/app.asar.unpacked`, and environment variables
 * meant for developers must not change what the app loads.
 */

const ARCHIVE = 'app.asar';

/** The `resources` folder holding app.asar when this code runs from a packaged app, else null. */
export function packagedResourcesDir(codeDir: string = codeFolderAndAncestors()[0] ?? process.cwd()): string | null {
  const parts = path.resolve(codeDir).split(path.sep);
  const index = parts.lastIndexOf(ARCHIVE);
  return index <= 0 ? null : parts.slice(0, index).join(path.sep) || path.sep;
}

export function isPackagedBuild(codeDir?: string): boolean {
  return packagedResourcesDir(codeDir) !== null;
}

/** The same path in app.asar.unpacked, where Electron keeps the files it cannot serve from the archive. */
export function unpackedTwin(file: string): string {
  const parts = file.split(path.sep);
  const index = parts.lastIndexOf(ARCHIVE);
  if (index === -1) return file;
  parts[index] = `${ARCHIVE}.unpacked`;
  return parts.join(path.sep);
}

/**
 * An environment variable that only developers and tests may set (a sandbox runner file, fault
 * injection, another demo folder). A packaged app ignores it: otherwise anyone who can set the
 * app's environment could make it load a file of their choosing.
 */
export function developerOverride(name: string, codeDir?: string): string | undefined {
  if (isPackagedBuild(codeDir)) return undefined;
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** esbuild's package for this platform and the binary in it (see esbuild's own package map). */
export function esbuildPlatformPackage(platform: NodeJS.Platform = process.platform, arch: string = process.arch): {
  readonly name: string;
  readonly binary: string;
} {
  const name = `@esbuild/${platform}-${arch}`;
  return { name, binary: platform === 'win32' ? 'esbuild.exe' : path.join('bin', 'esbuild') };
}

/**
 * esbuild locates its binary with require.resolve, which in a packaged app points inside
 * app.asar, where nothing can be executed. ESBUILD_BINARY_PATH sends it to the unpacked copy.
 * Must run before esbuild is first required (it reads the variable when it loads).
 * Returns the binary path it set, or null when not packaged.
 */
export function preparePackagedEnvironment(codeDir: string = codeFolderAndAncestors()[0] ?? process.cwd()): string | null {
  if (!isPackagedBuild(codeDir)) return null;
  const { name, binary } = esbuildPlatformPackage();
  const manifest = createRequire(path.join(codeDir, 'index.js')).resolve(`${name}/package.json`);
  const binaryPath = unpackedTwin(path.join(path.dirname(manifest), binary));
  // Always ours: a value from the environment would let anyone pick the binary the app runs.
  process.env['ESBUILD_BINARY_PATH'] = binaryPath;
  return binaryPath;
}
