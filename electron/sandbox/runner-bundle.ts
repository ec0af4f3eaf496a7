import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { codeFolderAndAncestors } from '../base/code-folder';
import { developerOverride } from '../base/packaged-build';
import { build, type Plugin } from 'esbuild';
import { AppError } from '../../shared/errors';

/** Name of a runner built ahead of time and shipped beside the app's bundle. */
export const PREBUILT_RUNNER = 'sandbox-runner.cjs';

export interface RunnerFile {
  readonly file: string;
  /** The private folder (mode 0700) holding it. */
  readonly dir: string;
  readonly sha256: string;
}

let runnerFile: Promise<RunnerFile> | undefined;

/**
 * The sandbox runner as one self-contained CommonJS file in a private folder of this process
 * (mode 0700, random name: no other user can plant or swap it), copied from a prebuilt one
 * beside this bundle when there is one, else bundled on first use from
 * electron/sandbox/runner.ts. Its hash is checked before each use.
 */
export async function sandboxRunnerFile(): Promise<RunnerFile> {
  runnerFile ??= locateOrBundle().catch((error: unknown) => {
    runnerFile = undefined;
    throw error;
  });
  const runner = await runnerFile;
  if (!runnerIntact(runner)) {
    runnerFile = undefined;
    throw new AppError('INTERNAL', `The sandbox runner ${runner.file} changed since it was written (tampered with?); not run.`, {
      hint: 'Run the sandbox again: a fresh copy is written to a new private folder.',
    });
  }
  return runner;
}

function runnerIntact(runner: RunnerFile): boolean {
  try {
    const folder = lstatSync(runner.dir);
    const file = lstatSync(runner.file);
    if (!folder.isDirectory() || (folder.mode & 0o077) !== 0 || !file.isFile()) return false;
    return createHash('sha256').update(readFileSync(runner.file)).digest('hex') === runner.sha256;
  } catch {
    return false;
  }
}

async function locateOrBundle(): Promise<RunnerFile> {
  // Developers and tests only: a packaged app never runs a runner named by its environment.
  const override = developerOverride('SARAPHINA_SANDBOX_RUNNER');
  if (override !== undefined && existsSync(override)) return writePrivateRunner(readFileSync(override, 'utf8'));
  const prebuilt = path.join(codeFolderAndAncestors()[0] ?? process.cwd(), PREBUILT_RUNNER);
  if (existsSync(prebuilt)) return writePrivateRunner(readFileSync(prebuilt, 'utf8'));
  return writePrivateRunner(await bundleText(runnerSource()));
}

/** Writes the runner into a fresh private folder, removed when this process exits. */
function writePrivateRunner(text: string): RunnerFile {
  const dir = mkdtempSync(path.join(tmpdir(), 'saraphina-runner-'));
  chmodSync(dir, 0o700);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'sandbox-runner.cjs');
  writeFileSync(file, text, { mode: 0o400, flag: 'wx' });
  return { file, dir, sha256: createHash('sha256').update(text).digest('hex') };
}

/** electron/sandbox/runner.ts in the source tree this code runs from. */
function runnerSource(): string {
  const source = codeFolderAndAncestors()
    .flatMap((dir) => [path.join(dir, 'runner.ts'), path.join(dir, 'electron', 'sandbox', 'runner.ts')])
    .find((file) => existsSync(file) && existsSync(path.join(path.dirname(file), 'precompiled-compile.ts')));
  if (source === undefined) {
    throw new AppError('INTERNAL', 'The sandbox runner is missing from this build.', {
      hint: `Ship ${PREBUILT_RUNNER} beside the app bundle (npm run cli -- build-sandbox-runner --out out/main/${PREBUILT_RUNNER}).`,
    });
  }
  return source;
}

/** Writes the runner for shipping beside a packaged app's bundle (which has no sources). */
export async function writePrebuiltRunner(outFile: string): Promise<{ file: string; bytes: number }> {
  const text = await bundleText(runnerSource());
  const temporary = `${outFile}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o644 });
  renameSync(temporary, outFile);
  return { file: outFile, bytes: Buffer.byteLength(text) };
}

/** The runner as one CommonJS file, with electron/runtime/compile.ts swapped for the precompiled stand-in. */
async function bundleText(source: string): Promise<string> {
  const sandboxDir = path.dirname(source);
  const compileFile = path.resolve(sandboxDir, '..', 'runtime', 'compile.ts');
  const standIn = path.join(sandboxDir, 'precompiled-compile.ts');
  const swapCompiler: Plugin = {
    name: 'saraphina-precompiled',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /\/compile$/ }, (args) =>
        path.resolve(args.resolveDir, `${args.path}.ts`) === compileFile ? { path: standIn } : undefined,
      );
    },
  };
  const result = await build({
    entryPoints: [source],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    plugins: [swapCompiler],
  });
  const text = result.outputFiles[0]?.text ?? '';
  if (/require\("esbuild"\)/.test(text)) throw new AppError('INTERNAL', 'The sandbox runner bundle still needs esbuild.');
  return text;
}
