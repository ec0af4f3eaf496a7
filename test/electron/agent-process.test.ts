import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentCrash, AgentStatus } from '../../shared/agent-status';
import type { Envelope } from '../../shared/result';
import { AgentSupervisor } from '../../electron/supervisor/agent-supervisor';
import { nodeLauncher, type AgentExit, type AgentLauncher } from '../../electron/supervisor/launcher';
import { makeWorkspace } from '../support/temp-workspace';

/*
 * The agent in its own process, killed in every way a module can kill it: the control process
 * (this test process) stays up, answers what happened, the agent is back on its last stable
 * code, and the next agent records the crash in the history.
 */

const CRASHY = `
export function ok(): string { return 'ok ' + process.pid; }
export function kill(): void { process.kill(process.pid, 'SIGKILL'); }
export async function spin(): Promise<void> { await null; while (true) { /* busy */ } }
export function hog(): number { const keep: number[][] = []; for (;;) keep.push(new Array(1e6).fill(1)); }
export function exitNow(): void { (process as unknown as { reallyExit(code: number): void }).reallyExit(7); }
export function rejectLater(): string { setTimeout(() => { void Promise.reject(new Error('late boom')); }, 0); return 'scheduled'; }
export function burn(): string { const spin = (): void => { const until = Date.now() + 40; while (Date.now() < until) { /* busy */ } setImmediate(spin); }; spin(); return 'burning'; }
export function throwLater(): string { setTimeout(() => { throw new Error('timer boom'); }, 0); return 'scheduled'; }
`;

const supervisors: AgentSupervisor[] = [];
afterEach(async () => {
  for (const supervisor of supervisors.splice(0)) await supervisor.close();
});

function workspace(extra: Record<string, string> = {}, limits: Record<string, unknown> = {}): string {
  const root = makeWorkspace({ crashy: CRASHY, ...extra });
  const agent = { unresponsiveMs: 1500, memoryMb: 128, crashLoopCount: 3, crashLoopWindowMs: 60_000, ...limits };
  writeFileSync(path.join(root, 'saraphina.config.json'), JSON.stringify({ probationMs: 0, typeCheck: false, agent }));
  return root;
}

async function start(root: string): Promise<AgentSupervisor> {
  const supervisor = await AgentSupervisor.start({ root, appVersion: 'test' });
  supervisors.push(supervisor);
  return supervisor;
}

async function call(supervisor: AgentSupervisor, method: string, input: unknown = {}): Promise<Envelope<unknown>> {
  return supervisor.dispatch({ method, input });
}

async function value<T>(supervisor: AgentSupervisor, method: string, input: unknown = {}): Promise<T> {
  const envelope = await call(supervisor, method, input);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

async function runningAgain(supervisor: AgentSupervisor, crashes: number): Promise<AgentStatus> {
  await expect.poll(() => supervisor.status().crashes.length >= crashes && supervisor.status().state === 'running', { timeout: 30_000 }).toBe(true);
  return supervisor.status();
}

// The memory hog gets a long watchdog limit: on a busy machine its garbage collection alone can block the loop for seconds.
const crashCases: [string, AgentCrash['kind'], RegExp, Record<string, unknown>][] = [
  ['kill', 'signal', /killed by SIGKILL during a call to crashy kill\(\)/, {}],
  ['spin', 'unresponsive', /event loop blocked for more than 1500 ms/, {}],
  ['hog', 'out-of-memory', /out of memory \(limit 128 MB\)/, { unresponsiveMs: 60_000 }],
  ['exitNow', 'exit', /exit(ed with)? code 7/, {}],
];

describe('an agent that dies in a call', () => {
  it.each(crashCases)('%s(): the call fails with the reason, the agent restarts, the history records it', { timeout: 90_000 }, async (fn, kind, reason, limits) => {
    const supervisor = await start(workspace({}, limits));
    const before = await value<string>(supervisor, 'callFunction', { module: 'crashy', fn: 'ok', args: [] });
    const failed = await call(supervisor, 'callFunction', { module: 'crashy', fn, args: [] });
    expect(failed).toMatchObject({ ok: false, error: { code: 'AGENT_STOPPED', message: expect.stringMatching(reason) } });

    const status = await runningAgain(supervisor, 1);
    expect(status.crashes[0]).toMatchObject({ kind, module: 'crashy' });
    expect(status.message).toMatch(/restarted on its last stable code in \d+ ms/);
    const after = await value<string>(supervisor, 'callFunction', { module: 'crashy', fn: 'ok', args: [] });
    expect(after).not.toBe(before);
    expect(after).toMatch(/^ok \d+$/);
    const recorded = await value<AgentCrash[]>(supervisor, 'listAgentCrashes', {});
    expect(recorded[0]).toMatchObject({ kind, reason: expect.stringMatching(reason) });
  });
});

describe('limits', () => {
  it('an agent that keeps a core busy while still answering is stopped at its CPU limit, and says so', { timeout: 90_000 }, async () => {
    // A low limit, so the busy agent passes it even when the machine gives it little of a core.
    const supervisor = await start(workspace({}, { cpuPercent: 10 }));
    expect(await value(supervisor, 'callFunction', { module: 'crashy', fn: 'burn', args: [] })).toBe('burning');
    const status = await runningAgain(supervisor, 1);
    expect(status.crashes[0]).toMatchObject({ kind: 'cpu-limit', reason: expect.stringMatching(/CPU limit: \d+% of a core for \d+ s \(limit 10%\)/) });
    expect(status.limits.cpuPercent).toBe(10);
  });

  it('refuses a limit out of range in one line naming the setting', async () => {
    const root = workspace({}, { memoryMb: 1 });
    await expect(AgentSupervisor.start({ root, appVersion: 'test' })).rejects.toMatchObject({ code: 'CONFIG_ERROR', message: expect.stringMatching(/agent\.memoryMb/) });
  });
});

describe('errors the agent survives', () => {
  it.each(['rejectLater', 'throwLater'])('%s(): the agent keeps running and the error is listed on its module', { timeout: 60_000 }, async (fn) => {
    const supervisor = await start(workspace());
    const pid = supervisor.status().pid;
    expect(await value(supervisor, 'callFunction', { module: 'crashy', fn, args: [] })).toBe('scheduled');
    await expect
      .poll(async () => (await value<{ message: string }[]>(supervisor, 'consoleExecute', { line: '/errors' }).catch(() => [])) as unknown, { timeout: 20_000 })
      .toMatchObject({ kind: 'done', ok: true, text: expect.stringMatching(/crashy .*(late boom|timer boom)/) });
    expect(supervisor.status()).toMatchObject({ state: 'running', pid, crashes: [] });
  });
});

describe('an agent that cannot start', () => {
  it('restarts with the module on its last stable version after an edit on disk kills it at load', { timeout: 90_000 }, async () => {
    const root = workspace({ tool: 'export const answer = (): number => 1;\n' });
    let supervisor = await start(root);
    await supervisor.close();
    supervisors.pop();
    const file = path.join(root, 'modules', 'tool.ts');
    const deadly = '(process as unknown as { reallyExit(code: number): void }).reallyExit(3);\nexport const answer = (): number => 2;\n';
    writeFileSync(file, deadly);

    supervisor = await start(root);
    expect(supervisor.status()).toMatchObject({ state: 'running' });
    expect(supervisor.status().crashes[0]).toMatchObject({ kind: 'exit', reason: expect.stringMatching(/while starting/) });
    expect(readFileSync(file, 'utf8')).toBe('export const answer = (): number => 1;\n');
    expect(await value(supervisor, 'callFunction', { module: 'tool', fn: 'answer', args: [] })).toBe(1);
    // Nothing the user had is lost: the deadly edit is kept in the history.
    const versions = await value<{ state: string; reason: string }[]>(supervisor, 'listVersions', { module: 'tool' });
    expect(versions.some((version) => version.state === 'failed' && /when the agent process died/.test(version.reason))).toBe(true);
  });

  it('stops restarting after a crash loop; repair mode lists, shows history, rolls back and starts again', { timeout: 120_000 }, async () => {
    const root = workspace({ broken: '(process as unknown as { reallyExit(code: number): void }).reallyExit(4);\nexport const value = 1;\n' });
    const supervisor = await start(root);
    const status = supervisor.status();
    expect(status.state).toBe('stopped');
    expect(status.crashes).toHaveLength(3);
    expect(status.message).toMatch(/3 crashes/);

    // Repair mode: no agent code runs, everything else answers.
    const modules = await value<{ id: string }[]>(supervisor, 'listModules', {});
    expect(modules.map((module) => module.id).sort()).toEqual(['broken', 'crashy']);
    expect(await call(supervisor, 'callFunction', { module: 'crashy', fn: 'ok', args: [] })).toMatchObject({ ok: false, error: { code: 'AGENT_STOPPED' } });
    const source = await value<{ content: string }>(supervisor, 'moduleSource', { module: 'broken' });
    expect(source.content).toMatch(/reallyExit/);
    const crashes = await value<AgentCrash[]>(supervisor, 'listAgentCrashes', {});
    expect(crashes.length).toBeGreaterThanOrEqual(2);

    writeFileSync(path.join(root, 'modules', 'broken.ts'), 'export const value = 2;\n');
    const started = await value<AgentStatus>(supervisor, 'startAgent', {});
    expect(started.state).toBe('running');
    expect(await value(supervisor, 'callFunction', { module: 'crashy', fn: 'ok', args: [] })).toMatch(/^ok/);
  });
});

describe('closing', () => {
  it('an agent told to close while it is still starting closes when it is ready, not killed after the close time', { timeout: 60_000 }, async () => {
    const exits: AgentExit[] = [];
    let launches = 0;
    let closing: Promise<void> | null = null;
    let supervisor: AgentSupervisor | null = null;
    const launcher: AgentLauncher = (entry, options) => {
      const child = nodeLauncher(entry, options);
      child.onExit((exit) => exits.push(exit));
      // The second agent (startAgent's) is told to close the moment it is started.
      launches += 1;
      if (launches === 2) queueMicrotask(() => (closing = supervisor?.close() ?? null));
      return child;
    };
    supervisor = await AgentSupervisor.start({ root: workspace(), appVersion: 'test', launcher });
    void supervisor.startAgent().catch(() => undefined);
    await expect.poll(() => closing, { timeout: 30_000 }).not.toBeNull();
    await closing;
    expect(exits.at(-1)).toEqual({ code: 0, signal: null });
  });
});
