import { spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bubblewrap, sandboxCommand } from '../../electron/sandbox/os-sandbox';
import { scrubbedEnvironment } from '../../electron/sandbox/run-sandbox';
import { grantRead, sandboxUser } from '../../electron/sandbox/sandbox-user';
import { tempDir } from '../support/temp-workspace';

/*
 * A fork bomb run by the OS layer alone (no permission model, which would refuse child
 * processes before the cap is reached): the process count must hold, and as root too, where
 * Linux ignores RLIMIT_NPROC, so the sandbox runs as an unprivileged user of its own.
 */
const FORK_BOMB = `
const { spawn } = require('node:child_process');
const children = [];
let refused = null;
let pending = 200;
const done = () => {
  if (--pending > 0) return;
  console.log(JSON.stringify({ started: children.filter((child) => child.pid !== undefined).length, refused, uid: process.getuid() }));
  for (const child of children) child.kill('SIGKILL');
  process.exit(0);
};
for (let i = 0; i < 200; i += 1) {
  const child = spawn('/usr/bin/sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  child.once('spawn', done);
  child.once('error', (error) => { refused ??= error.code; done(); });
}
`;

describe.runIf(bubblewrap() !== null)('the sandbox caps its process count', () => {
  test('a fork bomb stops at the cap, also when the app runs as root', { timeout: 60_000 }, () => {
    const dir = realpathSync(tempDir('saraphina-fork-'));
    const home = path.join(dir, 'home');
    mkdirSync(home);
    const user = sandboxUser();
    if (user !== null) grantRead(dir, user);
    const limits = { timeoutMs: 30_000, memoryMb: 256, osSandbox: true, allowedHosts: [] };
    const command = sandboxCommand({ dir, home, binds: [], user, nodeArgs: ['-e', FORK_BOMB] }, limits, false);
    expect(command.protections.list.find((protection) => protection.name === 'process count')?.active).toBe(true);

    const ran = spawnSync(command.command, [...command.args], { cwd: dir, env: scrubbedEnvironment(home), encoding: 'utf8', timeout: 50_000 });

    expect(ran.stderr).not.toMatch(/Error:/);
    const seen = JSON.parse(ran.stdout.trim().split('\n').at(-1) ?? '{}') as { started: number; refused: string | null; uid: number };
    expect(seen.refused).toBe('EAGAIN');
    expect(seen.started).toBeLessThan(64);
    if (process.getuid?.() === 0) expect(seen.uid).not.toBe(0);
  });
});
