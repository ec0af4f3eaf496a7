import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { codeFolderAndAncestors } from '../app/paths';
import { developerOverride } from '../app/packaged-build';
import { build, type Plugin } from 'esbuild';
import { AppError } from '../../shared/errors';

/** Name of a runner built ahead of time and shipped beside the app's bundle. */
export const PREBUILT_RUNNER = 'sandbox-runner.cjs';

let runnerFile: Promise<string> | undefined;

/**
 * The sandbox runner as one self-contained CommonJS file: a prebuilt one beside this bundle
 * when there is one, else bundled on first use from electron/sandbox/runner.ts into the temp
 * folder, named by its content hash (so concurrent processes and app versions never clash).
 */
export function sandboxRunnerFile(): Promise<string> {
  runnerFile ??= locateOrBundle().catch((error: unknown) => {
    runnerFile = undefined;
    throw error;
  });
  return runnerFile;
}

async function locateOrBundle(): Promise<string> {
  // Developers and tests only: a packaged app never runs a runner named by its environment.
  const override = developerOverride('SARAPHINA_SANDBOX_RUNNER');
  if (override !== undefined && existsSync(override)) return override;
  const prebuilt = path.join(codeFolderAndAncestors()[0] ?? process.cwd(), PREBUILT_RUNNER);
  if (existsSync(prebuilt)) return prebuilt;
  return bundleRunner(runnerSource());
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

/** Bundles the runner into the temp folder (see sandboxRunnerFile) and returns its path. */
export async function bundleRunner(source: string): Promise<string> {
  const text = await bundleText(source);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const file = path.join(tmpdir(), `saraphina-sandbox-runner-${hash}.cjs`);
  // Reused only when it holds exactly this bundle (the temp folder is shared with others).
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return file;
  try {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, text, { mode: 0o644 });
    renameSync(temporary, file);
    return file;
  } catch {
    const own = path.join(mkdtempSync(path.join(tmpdir(), 'saraphina-runner-')), `sandbox-runner-${hash}.cjs`);
    writeFileSync(own, text, { mode: 0o644 });
    return own;
  }
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
