// `npm start [-- --workspace DIR]`: build, then open the desktop app on DIR (else the workspace
// opened last, else the demo copy). Where the Electron binary is missing and cannot be downloaded,
// say so in one line and serve the same panel (same DIR) from the headless host instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');

// SARAPHINA_SKIP_BUILD=1: out/ is already built (tests, a second start).
if (process.env.SARAPHINA_SKIP_BUILD !== '1') {
  console.log('Building the panel…');
  run(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'error']);
}

// npm runs scripts from the package folder; a relative DIR means the folder `npm start` was typed in.
const args = withAbsoluteWorkspace(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());
const binary = process.env.SARAPHINA_HEADLESS === '1' ? null : electronBinary();
if (binary === null) {
  if (process.env.SARAPHINA_HEADLESS !== '1') {
    console.log('Electron binary not available (it could not be downloaded here); starting the headless host instead.');
  }
  const cli = spawn(process.execPath, [path.join(root, 'scripts', 'cli.mjs'), 'serve', ...args], {
    stdio: 'inherit',
  });
  forwardSignals(cli);
} else {
  const app = spawn(binary, [root, ...args], { stdio: 'inherit' });
  forwardSignals(app);
}

/** Path of the Electron executable, downloading it first if this install skipped that step. */
function electronBinary() {
  const located = locate();
  if (located !== null) return located;
  const install = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: 'pipe',
    timeout: 300_000,
  });
  return install.status === 0 ? locate() : null;
}

function locate() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

/** `--workspace DIR` / `--workspace=DIR` with DIR made absolute against `cwd`. */
function withAbsoluteWorkspace(argv, cwd) {
  return argv.map((arg, index) => {
    if (argv[index - 1] === '--workspace') return path.resolve(cwd, arg);
    if (arg.startsWith('--workspace=')) return `--workspace=${path.resolve(cwd, arg.slice('--workspace='.length))}`;
    return arg;
  });
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('close', (code) => process.exit(code ?? 0));
}
