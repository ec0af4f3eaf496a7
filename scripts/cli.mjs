// Runs the CLI under plain Node: bundles electron/cli with esbuild (a few ms) and runs it.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'out', 'cli', 'index.cjs');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

// Built in a private folder per process, then renamed: concurrent runs never see a half-written
// file. One build, two entries (the files both import are parsed once): the CLI, and beside it the agent
// process's entry, which commands start the agent from (supervisor/agent-entry.ts).
const scratch = path.join(root, 'out', 'cli', `.build-${process.pid}`);
await build({
  entryPoints: { index: path.join(root, 'electron', 'cli', 'main.ts'), 'agent-process': path.join(root, 'electron', 'agent', 'index.ts') },
  outdir: scratch,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  define: { __APP_VERSION__: JSON.stringify(version) },
  logLevel: 'error',
});
renameSync(path.join(scratch, 'agent-process.js'), path.join(root, 'out', 'cli', 'agent-process.js'));
renameSync(path.join(scratch, 'index.js'), outfile);
rmSync(scratch, { recursive: true, force: true });

const { main } = createRequire(import.meta.url)(outfile);
process.exitCode = await main(process.argv.slice(2));
