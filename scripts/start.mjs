// `npm start`: build, then open the desktop app. Where the Electron binary is missing and cannot
// be downloaded, say so in one line and serve the same panel from the headless host instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');

console.log('Building the panel…');
run(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'error']);

const binary = process.env.SARAPHINA_HEADLESS === '1' ? null : electronBinary();
if (binary === null) {
  if (process.env.SARAPHINA_HEADLESS !== '1') {
    console.log('Electron binary not available (it could not be downloaded here); starting the headless host instead.');
  }
  const cli = spawn(process.execPath, [path.join(root, 'scripts', 'cli.mjs'), 'serve', ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  forwardSignals(cli);
} else {
  const app = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
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

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('close', (code) => process.exit(code ?? 0));
}
