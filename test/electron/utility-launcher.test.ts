import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { afterEach, expect, test, vi } from 'vitest';
import { AgentSupervisor } from '../../electron/supervisor/agent-supervisor';
import { makeWorkspace } from '../support/temp-workspace';

/*
 * The desktop app's launcher over Electron's utilityProcess API. The Electron binary cannot run
 * here, so `utilityProcess.fork` is played by a real Node child with that API's shape (exit code
 * only, postMessage, 'message' events): the supervisor drives a real agent process through it.
 */
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (entry: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; execArgv: string[]; stdio: string; serviceName: string }) => {
      expect(options).toMatchObject({ stdio: 'pipe', serviceName: 'Saraphina agent' });
      const child = fork(entry, args, { cwd: options.cwd, env: options.env, execArgv: options.execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      const utility = Object.assign(new EventEmitter(), {
        pid: child.pid,
        stdout: child.stdout,
        stderr: child.stderr,
        postMessage: (message: unknown) => child.connected && child.send(message as object),
        kill: () => child.kill('SIGTERM'),
      });
      child.on('message', (message) => utility.emit('message', message));
      // Electron reports an exit code and no signal; a killed process reads as a code.
      child.on('exit', (code, signal) => utility.emit('exit', code ?? (signal === null ? 1 : 128 + 9)));
      return utility;
    },
  },
}));

const { utilityLauncher } = await import('../../electron/main/utility-launcher');

const supervisors: AgentSupervisor[] = [];
afterEach(async () => {
  for (const supervisor of supervisors.splice(0)) await supervisor.close();
});

test('the agent runs in a utility process: calls answer, a crash restarts it, close ends it', { timeout: 60_000 }, async () => {
  const root = makeWorkspace({ tool: "export const pid = (): number => process.pid;\nexport function die(): void { process.kill(process.pid, 'SIGKILL'); }\n" });
  const supervisor = await AgentSupervisor.start({ root, appVersion: 'test', launcher: utilityLauncher });
  supervisors.push(supervisor);
  const call = (fn: string) => supervisor.dispatch({ method: 'callFunction', input: { module: 'tool', fn, args: [] } });
  const first = await call('pid');
  expect(first).toMatchObject({ ok: true, value: supervisor.status().pid });
  expect(await call('die')).toMatchObject({ ok: false, error: { code: 'AGENT_STOPPED', message: expect.stringMatching(/exited with code 137 during a call to tool die\(\)/) } });
  await expect.poll(() => supervisor.status().state, { timeout: 30_000 }).toBe('running');
  const second = await call('pid');
  expect(second.ok && first.ok && second.value !== first.value).toBe(true);
});
