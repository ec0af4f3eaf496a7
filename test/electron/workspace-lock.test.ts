import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openEngine } from '../../electron/engine/open-engine';
import { LOCK_FILE, acquireWorkspaceLock } from '../../electron/engine/workspace-lock';
import { REPO_ROOT, copyDemoWorkspace, tempDir } from '../support/temp-workspace';

/*
 * Many processes race for one workspace, over and over, each round after the previous owner was
 * SIGKILLed (a stale lock): exactly one may own it at a time.
 */

const CONTENDERS = 12;
const ROUNDS = 6;
let contender = '';
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

beforeAll(async () => {
  contender = path.join(tempDir('saraphina-lock-'), 'contender.cjs');
  // Waits for the start signal (a file), tries the lock once, says how it went, holds it until killed.
  const source = `
    const { existsSync } = require('node:fs');
    const { acquireWorkspaceLock } = require(${JSON.stringify(path.join(REPO_ROOT, 'electron/engine/workspace-lock.ts'))});
    const [stateDir, go] = process.argv.slice(2);
    process.stdout.write('ready\\n');
    while (!existsSync(go)) {}
    try { acquireWorkspaceLock(stateDir); process.stdout.write('owner\\n'); }
    catch (error) { process.stdout.write((error.code === 'WORKSPACE_BUSY' ? 'busy ' : 'error ') + error.message + '\\n'); }
    setInterval(() => {}, 1000);`;
  await build({ stdin: { contents: source, resolveDir: REPO_ROOT, loader: 'js' }, bundle: true, platform: 'node', format: 'cjs', outfile: contender, external: ['better-sqlite3'], logLevel: 'silent' });
}, 60_000);

function start(stateDir: string, go: string): { child: ChildProcess; answer: Promise<string>; ready: Promise<void> } {
  const child = spawn(process.execPath, [contender, stateDir, go], {
    env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let output = '';
  let onReady = (): void => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const answer = new Promise<string>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready\n')) onReady();
      const line = output.split('\n').find((candidate) => candidate !== '' && candidate !== 'ready');
      if (line !== undefined) resolve(line);
    });
    child.on('exit', () => resolve(`exited ${output}`));
  });
  return { child, answer, ready };
}

describe('the workspace lock', () => {
  test(`${CONTENDERS} processes racing, ${ROUNDS} rounds, each after SIGKILL of the owner: always exactly one owner`, async () => {
    const stateDir = path.join(tempDir(), '.saraphina');
    mkdirSync(stateDir);
    for (let round = 0; round < ROUNDS; round += 1) {
      const go = path.join(stateDir, `go-${round}`);
      const racers = Array.from({ length: CONTENDERS }, () => start(stateDir, go));
      await Promise.all(racers.map((racer) => racer.ready));
      writeFileSync(go, '');
      const answers = await Promise.all(racers.map((racer) => racer.answer));
      expect(answers.filter((answer) => answer === 'owner'), answers.join('\n')).toHaveLength(1);
      expect(answers.filter((answer) => answer !== 'owner').every((answer) => answer.startsWith('busy This workspace is in use'))).toBe(true);
      // The owner dies without releasing anything; the losers give up.
      for (const racer of racers) racer.child.kill('SIGKILL');
      await Promise.all(racers.map((racer) => new Promise((resolve) => (racer.child.exitCode !== null || racer.child.signalCode !== null ? resolve(null) : racer.child.on('exit', resolve)))));
    }
  }, 120_000);

  test('a process waiting for the lock does not hold up the one ahead of it (it lets go while it waits)', async () => {
    const stateDir = path.join(tempDir(), '.saraphina');
    mkdirSync(stateDir);
    // Another connection is midway through writing the lock database: it has the reserved lock and
    // needs every shared lock gone to commit. A waiter that kept the shared lock it took on the way
    // would block that commit for as long as it waits, then fail: nobody would own the workspace.
    const writer = spawn(process.execPath, ['-e', `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1], { timeout: 10000 });
      db.exec('BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS owner (pid INTEGER, taken_at INTEGER)');
      process.stdout.write('reserved\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      db.exec('COMMIT'); db.close();`, path.join(stateDir, LOCK_FILE)], {
      env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(writer);
    await new Promise<void>((resolve) => writer.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('reserved') && resolve()));
    const release = acquireWorkspaceLock(stateDir, 10_000);
    release();
    expect(await new Promise((resolve) => (writer.exitCode !== null ? resolve(writer.exitCode) : writer.on('exit', resolve)))).toBe(0);
  });

  test('a second owner in the same process is refused, naming the owner; released, it can be taken again', () => {
    const stateDir = tempDir();
    const release = acquireWorkspaceLock(stateDir);
    expect(() => acquireWorkspaceLock(stateDir)).toThrow(expect.objectContaining({ code: 'WORKSPACE_BUSY', message: expect.stringContaining(`pid ${process.pid}`) }));
    release();
    acquireWorkspaceLock(stateDir)();
  });

  test('is taken before the database is opened: a busy workspace gets no state.db and no migration', async () => {
    const root = copyDemoWorkspace();
    const release = acquireWorkspaceLock(path.join(root, '.saraphina'));
    try {
      await expect(openEngine(root)).rejects.toThrow(expect.objectContaining({ code: 'WORKSPACE_BUSY' }));
      expect(existsSync(path.join(root, '.saraphina', 'state.db'))).toBe(false);
    } finally {
      release();
    }
  });
});
