import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { agentPidOf } from '../support/agent-pid';
import { rawGet } from '../support/http-get';
import { scratchDir } from '../support/scratch-dir';
import { DEMO_WORKSPACE, REPO_ROOT } from '../support/temp-workspace';

/*
 * The control process (`serve`): another process sending it SIGUSR1 does not open the Node
 * inspector (which would hand anyone on the machine a debugger into the panel's process), the
 * host keeps answering, and the control process logs what happened to its rotating log file in
 * the user data folder (SARAPHINA_HOME here).
 */

const temp = scratchDir('saraphina-control-');
const home = path.join(temp.dir, 'home');
let serve: ChildProcessByStdio<null, Readable, Readable>;
let stderr = '';
let url: URL;

beforeAll(async () => {
  const workspace = path.join(temp.dir, 'workspace');
  cpSync(DEMO_WORKSPACE, workspace, { recursive: true });
  serve = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'cli.mjs'), 'serve', '--workspace', workspace, '--json'], {
    cwd: REPO_ROOT,
    env: { ...process.env, SARAPHINA_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serve.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: serve.stdout }).once('line', resolve);
    serve.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  url = new URL((JSON.parse(line) as { url: string }).url);
}, 120_000);

afterAll(() => {
  serve.kill('SIGTERM');
  temp.remove();
});

/** Inspector targets on the default port that belong to this checkout's CLI (another engineer's process may hold 9229). */
async function ourInspectorTargets(): Promise<string[]> {
  try {
    const { body } = await rawGet(9229, '/json/list');
    return (JSON.parse(body) as { url?: string }[]).map((target) => target.url ?? '').filter((target) => target.includes(REPO_ROOT));
  } catch {
    return [];
  }
}

function controlLogText(): string {
  const folder = path.join(home, 'logs');
  if (!existsSync(folder)) return '';
  return readdirSync(folder)
    .filter((name) => name.startsWith('control'))
    .map((name) => readFileSync(path.join(folder, name), 'utf8'))
    .join('');
}

test('SIGUSR1 to the control process opens no inspector; the host goes on serving and the log says why', { timeout: 60_000 }, async () => {
  serve.kill('SIGUSR1');
  // Give an inspector time to appear, were it to open, before looking for it.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(stderr).not.toMatch(/Debugger listening/);
  expect(await ourInspectorTargets()).toEqual([]);
  expect(serve.exitCode).toBeNull();
  const auth = await rawGet(Number(url.port), `/auth?token=${url.searchParams.get('token') ?? ''}`);
  expect(auth.status).toBe(204);
  await expect.poll(controlLogText, { timeout: 20_000 }).toMatch(/SIGUSR1/);
  const line = controlLogText()
    .split('\n')
    .find((text) => text.includes('SIGUSR1'));
  expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 'warn', scope: 'control' });
});

// The agent is started with --disable-sigusr1: Node then ignores the signal altogether (no listener runs, nothing to log).
test('SIGUSR1 to the agent process opens no inspector either, and the agent goes on running', { timeout: 60_000 }, async () => {
  const agent = agentPidOf(serve.pid);
  process.kill(agent, 'SIGUSR1');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await ourInspectorTargets()).toEqual([]);
  expect(() => process.kill(agent, 0)).not.toThrow();
  // Still the same agent: it was not killed and restarted.
  expect(agentPidOf(serve.pid)).toBe(agent);
});
