import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AgentLogEntry } from '../../shared/agent-log';
import { scratchDir, writeModules } from '../support/scratch-dir';
import { REPO_ROOT } from '../support/temp-workspace';

/*
 * The agent's output is a log stream, not noise: module code printing with console.* and writing
 * to process.stdout/stderr (at load, in a call, in a timer) never lands in `session --json`'s
 * answers; it is kept with its level and module, and `/logs` and `logs [--follow] --json` read it.
 */

const CLI = path.join(REPO_ROOT, 'scripts', 'cli.mjs');
const temp = scratchDir('saraphina-agent-output-');
const workspace = writeModules(path.join(temp.dir, 'workspace'), {
  noisy: `
console.log('noisy loading');
export function shout(word: string): string {
  console.log('log', word);
  console.info('info', word);
  console.warn('warn', word);
  console.error('error', word);
  console.debug('debug', word);
  process.stdout.write('stdout ' + word + '\\n');
  process.stderr.write('stderr ' + word + '\\n');
  setTimeout(() => console.log('timer', word), 0);
  return word.toUpperCase();
}
`,
});
const env = { ...process.env, SARAPHINA_HOME: path.join(temp.dir, 'home') };

/** A child whose stdout lines are collected as they come, and awaited by a predicate. */
class LineCollector {
  readonly lines: string[] = [];
  stderr = '';
  private readonly waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.lines.push(line);
      for (const waiter of [...this.waiters]) {
        if (!waiter.test(line)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    });
  }

  next(test: (line: string) => boolean): Promise<string> {
    const seen = this.lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }
}

function start(args: readonly string[]): LineCollector {
  return new LineCollector(spawn(process.execPath, [CLI, ...args, '--workspace', workspace], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] }));
}

let session: LineCollector;
let answered = 0;

/** Sends a line to the session and returns its answer: the next stdout line, which must be JSON. */
async function ask(line: string): Promise<{ ok: boolean; result?: unknown }> {
  const index = answered++;
  session.child.stdin.write(`${line}\n`);
  await session.next(() => session.lines.length > index);
  return JSON.parse(session.lines[index] as string) as { ok: boolean; result?: unknown };
}

beforeAll(() => {
  session = start(['session', '--json']);
});

afterAll(() => {
  session.child.kill('SIGTERM');
  temp.remove();
});

test('session --json answers stay one JSON line each while agent code prints to stdout and stderr', { timeout: 120_000 }, async () => {
  expect(await ask('/call noisy.shout "hello"')).toEqual({ ok: true, result: 'HELLO' });
  expect((await ask('/modules')).ok).toBe(true);
  const logs = (await ask('/logs noisy --limit 100')) as { ok: true; result: AgentLogEntry[] };
  expect(logs.ok).toBe(true);
  const seen = logs.result.map((entry) => [entry.level, entry.stream, entry.text]);
  expect(seen).toEqual(
    expect.arrayContaining([
      ['info', 'console', 'noisy loading'],
      ['info', 'console', 'log hello'],
      ['info', 'console', 'info hello'],
      ['warn', 'console', 'warn hello'],
      ['error', 'console', 'error hello'],
      ['debug', 'console', 'debug hello'],
      ['info', 'stdout', 'stdout hello'],
      ['error', 'stderr', 'stderr hello'],
      ['info', 'console', 'timer hello'],
    ]),
  );
  expect(new Set(logs.result.map((entry) => entry.module))).toEqual(new Set(['noisy']));
  // Every stdout line is an answer, and none of the agent's words reached either stream.
  expect(session.lines).toHaveLength(answered);
  for (const line of session.lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  expect(session.stderr).not.toMatch(/hello|noisy loading/);
});

test('logs --json reads the workspace log while the session owns it, and --follow prints new lines as they come', { timeout: 120_000 }, async () => {
  const once = start(['logs', '--json', '--level', 'warn']);
  const exitCode = await new Promise<number | null>((resolve) => once.child.once('exit', resolve));
  expect(exitCode).toBe(0);
  const entries = once.lines.map((line) => JSON.parse(line) as AgentLogEntry);
  expect(entries.map((entry) => entry.text)).toEqual(expect.arrayContaining(['warn hello', 'error hello', 'stderr hello']));
  expect(entries.every((entry) => entry.level === 'warn' || entry.level === 'error')).toBe(true);

  const follower = start(['logs', '--follow', '--json']);
  try {
    // The follower prints the history first; the call's lines come after it started.
    await follower.next((line) => line.includes('error hello'));
    expect((await ask('/call noisy.shout "later"')).ok).toBe(true);
    const line = await follower.next((text) => text.includes('stdout later'));
    expect(JSON.parse(line)).toMatchObject({ module: 'noisy', level: 'info', stream: 'stdout', text: 'stdout later' });
  } finally {
    follower.child.kill('SIGTERM');
  }
});

test('logs refuses an unknown level in one line with the levels it knows', { timeout: 60_000 }, async () => {
  const bad = start(['logs', '--level', 'loud']);
  const exitCode = await new Promise<number | null>((resolve) => bad.child.once('exit', resolve));
  expect(exitCode).toBe(2);
  expect(bad.stderr.trim()).toBe('error: USAGE: --level loud is not a level. — Use one of: debug, info, warn, error.');
});
