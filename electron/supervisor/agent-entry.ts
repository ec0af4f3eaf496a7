import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { AppError } from '../../shared/errors';
import { codeFolderAndAncestors } from '../base/code-folder';

/** Name of the agent process's entry built ahead of time beside the app's main bundle (electron.vite.config.ts). */
export const PREBUILT_AGENT = 'agent-process.js';

let bundled: Promise<string> | undefined;

/**
 * The file the agent process starts from: the prebuilt one beside this bundle (the app, its
 * CLI), else electron/agent bundled once per process into out/agent (`npm run cli`, tests), so
 * its packages resolve from the checkout's node_modules.
 */
export function agentEntryFile(): Promise<string> {
  const [here] = codeFolderAndAncestors();
  const prebuilt = path.join(here ?? process.cwd(), PREBUILT_AGENT);
  if (existsSync(prebuilt)) return Promise.resolve(prebuilt);
  bundled ??= bundleAgent().catch((error: unknown) => {
    bundled = undefined;
    throw error;
  });
  return bundled;
}

async function bundleAgent(): Promise<string> {
  const root = codeFolderAndAncestors().find((dir) => existsSync(path.join(dir, 'electron', 'agent', 'index.ts')));
  if (root === undefined) {
    throw new AppError('INTERNAL', 'The agent process entry is missing from this build.', { hint: `Ship ${PREBUILT_AGENT} beside the main bundle.` });
  }
  const outfile = path.join(root, 'out', 'agent', 'agent-process.cjs');
  mkdirSync(path.dirname(outfile), { recursive: true });
  // A private name per process, then rename: concurrent control processes never start a half-written file.
  const temporary = `${outfile}.${process.pid}.tmp`;
  await build({
    entryPoints: [path.join(root, 'electron', 'agent', 'index.ts')],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  renameSync(temporary, outfile);
  return outfile;
}
