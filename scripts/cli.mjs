// Runs the CLI under plain Node: bundles electron/cli with esbuild (a few ms) and runs it.
import { build } from 'esbuild';
import { readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'out', 'cli', 'index.cjs');
// A private temp name per process, then rename: concurrent runs never see a half-written file.
const temporary = `${outfile}.${process.pid}.tmp`;
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', sourcemap: 'inline', logLevel: 'error' };
// The agent process's entry beside the CLI: commands start the agent from it (supervisor/agent-entry.ts).
const agentFile = path.join(root, 'out', 'cli', 'agent-process.js');
const agentTemporary = `${agentFile}.${process.pid}.tmp`;
await Promise.all([
  build({ ...common, entryPoints: [path.join(root, 'electron', 'cli', 'main.ts')], outfile: temporary, define: { __APP_VERSION__: JSON.stringify(version) } }),
  build({ ...common, entryPoints: [path.join(root, 'electron', 'agent', 'index.ts')], outfile: agentTemporary }),
]);
renameSync(agentTemporary, agentFile);
renameSync(temporary, outfile);

const { main } = createRequire(import.meta.url)(outfile);
process.exitCode = await main(process.argv.slice(2));
