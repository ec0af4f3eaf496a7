// `npm run bench [-- --json]`: bundles bench/ with esbuild and runs it with a forced-GC heap.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'out', 'bench');
await build({
  entryPoints: { index: path.join(root, 'bench', 'index.ts'), 'cold-start': path.join(root, 'bench', 'cold-start-entry.ts') },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'error',
});
const result = spawnSync(
  process.execPath,
  ['--expose-gc', path.join(outdir, 'index.cjs'), `--cold-start=${path.join(outdir, 'cold-start.cjs')}`, ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: root },
);
process.exitCode = result.status ?? 1;
