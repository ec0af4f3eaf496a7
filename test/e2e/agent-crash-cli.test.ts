import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runCli } from '../support/run-cli';
import { SessionDriver } from '../support/session-driver';
import { scratchDir, writeModules } from '../support/scratch-dir';

/*
 * `session --json` and the one-shot CLI over the supervised agent process: agent code that kills
 * its process ends neither; the session says what happened and goes on, and with an agent that
 * cannot start at all the CLI still lists modules, shows history and diffs, rolls back and
 * accepts a proposal (repair mode).
 */

const temp = scratchDir('saraphina-agent-crash-cli-');
const env = { SARAPHINA_HOME: path.join(temp.dir, 'home') };
afterAll(() => temp.remove());

const KILLER = "export function die(): void { process.kill(process.pid, 'SIGKILL'); }\nexport const ok = (): string => 'ok';\n";

test('session --json: a call that kills the agent answers one JSON error line; the next line runs on the restarted agent', { timeout: 120_000 }, async () => {
  const workspace = writeModules(path.join(temp.dir, 'session'), { killer: KILLER });
  const run = await runCli(['session', '--json', '--workspace', workspace], '/call killer.die\n/call killer.ok\n/agent\n/crashes\n', env);
  const answers = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { ok: boolean; error?: { code: string; message: string }; result?: unknown });
  expect(answers).toHaveLength(4);
  expect(answers[0]).toMatchObject({ ok: false, error: { code: 'AGENT_STOPPED', message: expect.stringMatching(/killed by SIGKILL during the console command \/call killer.die/) } });
  expect(answers[1]).toMatchObject({ ok: true, result: 'ok' });
  expect(answers[2]).toMatchObject({ ok: true, result: { state: 'running', crashes: [{ kind: 'signal' }] } });
  // The history has it too: recorded by the agent that started next.
  expect(answers[3]).toMatchObject({ ok: true, result: [{ kind: 'signal', reason: expect.stringMatching(/killed by SIGKILL/) }] });
  expect(run.stderr).toMatch(/agent stopped: killed by SIGKILL .* — restarted on its last stable code in \d+ ms/);
  expect(run.code).toBe(0);
});

test('an agent that cannot start: the CLI lists, audits, accepts a proposal and rolls back in repair mode; then the agent starts', { timeout: 180_000 }, async () => {
  const v0 = 'export const answer = (): number => 0;\n';
  const v1 = "import { existsSync } from 'node:fs';\nif (existsSync('dead')) process.kill(process.pid, 'SIGKILL');\nexport const answer = (): number => 1;\n";
  const workspace = writeModules(path.join(temp.dir, 'repair'), { tool: v0 });
  writeFileSync(path.join(workspace, 'saraphina.config.json'), JSON.stringify({ probationMs: 0, typeCheck: false, agent: { crashLoopCount: 2 } }));
  const cli = (args: string[], input = '') => runCli([...args, '--workspace', workspace], input, env);
  // v1 reloaded in a running session (probation 0): a stable version.
  const file = path.join(workspace, 'modules', 'tool.ts');
  const session = new SessionDriver(workspace, [], env);
  await session.ok('/modules');
  writeFileSync(file, v1);
  await session.ok('/reload tool');
  expect(await session.end()).toBe(0);
  // From now on v1, a stable version, dies at every start: restarting on stable code cannot help.
  writeFileSync(path.join(workspace, 'dead'), '');

  const modules = await cli(['modules', '--json']);
  expect(modules.code).toBe(0);
  expect((JSON.parse(modules.stdout) as { id: string; loaded: boolean }[]).map((module) => [module.id, module.loaded])).toEqual([['tool', false]]);
  expect(modules.stderr).toMatch(/agent stopped \(2 crashes/);

  const audit = await cli(['audit', 'tool', '--json']);
  expect(audit.code).toBe(0);
  const versions = (JSON.parse(audit.stdout) as { versions: { versionId: string; hash: string; stable: boolean }[] }).versions;
  const first = versions.at(-1);
  expect(first?.stable).toBe(true);

  const proposed = await cli(['propose', '--feature', 'answer 2', '--target', 'tool', '--mode', 'replace', '--code', 'export const answer = (): number => 2;\n', '--json']);
  expect(proposed.code).toBe(0);
  expect(JSON.parse(proposed.stdout)).toMatchObject({ status: 'draft', target: 'tool' });

  const rollback = await cli(['rollback', first?.versionId ?? '', '--yes', '--json']);
  expect(rollback.code).toBe(0);
  expect(readFileSync(file, 'utf8')).toBe(v0);

  // The agent starts again on the restored code.
  const call = await cli(['call', 'tool.answer', '--json']);
  expect(call.code).toBe(0);
  expect(JSON.parse(call.stdout)).toEqual({ result: 0 });
  expect(call.stderr).not.toMatch(/agent stopped/);
});

test('a terminal session is told of each auto-reload on save, on stderr in --json mode', { timeout: 120_000 }, async () => {
  const workspace = writeModules(path.join(temp.dir, 'auto'), { tool: 'export const answer = (): number => 1;\n' });
  writeFileSync(path.join(workspace, 'saraphina.config.json'), JSON.stringify({ probationMs: 0, typeCheck: false }));
  const session = new SessionDriver(workspace, [], env);
  await session.ok('/auto-reload on');
  writeFileSync(path.join(workspace, 'modules', 'tool.ts'), 'export const answer = (): number => 2;\n');
  await expect.poll(() => session.stderr, { timeout: 30_000 }).toMatch(/auto-reload: reloaded tool in [\d.]+ ms/);
  expect(await session.ok('/call tool.answer')).toBe(2);
  expect(await session.end()).toBe(0);
});
