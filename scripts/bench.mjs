// `npm run bench [-- --json] [-- --peers]`: bundles bench/ with esbuild and runs it with a forced-GC heap.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'out', 'bench');
const common = { bundle: true, platform: 'node', target: 'node22', packages: 'external', logLevel: 'error', outdir };
await build({
  ...common,
  entryPoints: {
    index: path.join(root, 'bench', 'index.ts'),
    'cold-start': path.join(root, 'bench', 'cold-start-entry.ts'),
    'product-child': path.join(root, 'bench', 'product-child.ts'),
  },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
});
// The peers run as ES modules: hot-hook and tsx hook Node's ESM loader.
await build({ ...common, entryPoints: { 'peers-child': path.join(root, 'bench', 'peers-child.ts') }, outExtension: { '.js': '.mjs' }, format: 'esm' });
const result = spawnSync(process.execPath, ['--expose-gc', path.join(outdir, 'index.cjs'), `--outdir=${outdir}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exitCode = result.status ?? 1;
