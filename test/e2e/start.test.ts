import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, expect, test } from 'vitest';
import { scratchDir } from '../support/scratch-dir';
import { REPO_ROOT } from '../support/temp-workspace';
import { runCli } from '../support/run-cli';

const electronPresent = existsSync(path.join(REPO_ROOT, 'node_modules', 'electron', 'path.txt'));
const temp = scratchDir('saraphina-start-');
afterAll(() => temp.remove());

// Where Electron is installed, `npm start` opens the window instead (covered by desktop-window.test.ts).
test.skipIf(electronPresent)('`npm start -- --workspace DIR` without Electron says so in one line and serves DIR (relative to where npm start was typed) from the headless host', { timeout: 60_000 }, async () => {
  const workspace = path.join(temp.dir, 'my-agent');
  expect((await runCli(['init', workspace])).code).toBe(0);
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.mjs'), '--workspace', 'my-agent'], {
    cwd: REPO_ROOT,
    env: { ...process.env, INIT_CWD: temp.dir, SARAPHINA_HOME: path.join(temp.dir, 'home'), SARAPHINA_SKIP_BUILD: '1', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        if (line.startsWith('Open http://127.0.0.1:')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${lines.join('\n')}`)));
    });
  } finally {
    // Wait for it to end: a host still shutting down writes into the folder afterAll removes.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
  expect(lines).toEqual([
    'Electron binary not available (it could not be downloaded here); starting the headless host instead.',
    `Saraphina panel for ${realpathSync(workspace)}`,
    expect.stringMatching(/^Open http:\/\/127\.0\.0\.1:\d+\/\?token=/),
  ]);
});
