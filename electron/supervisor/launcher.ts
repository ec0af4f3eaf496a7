import { fork } from 'node:child_process';

import type { FromAgent, ToAgent } from '../agent/protocol';

export interface AgentExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** One started agent process, whatever started it (a Node child, an Electron utility process). */
export interface AgentChild {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  send(message: ToAgent): void;
  onMessage(listener: (message: FromAgent) => void): void;
  onExit(listener: (exit: AgentExit) => void): void;
  /** Ends it now (SIGKILL where there are signals). */
  kill(): void;
}

export interface LaunchOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly execArgv: readonly string[];
}

export type AgentLauncher = (entry: string, options: LaunchOptions) => AgentChild;

/** `serve`, `session` and the CLI: a Node child process with an IPC channel. */
export const nodeLauncher: AgentLauncher = (entry, options) => {
  const child = fork(entry, [], {
    cwd: options.cwd,
    env: options.env,
    execArgv: [...options.execArgv],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return {
    pid: child.pid,
    stdout: child.stdout,
    stderr: child.stderr,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as FromAgent)),
    onExit: (listener) => {
      let told = false;
      const tell = (exit: AgentExit): void => {
        if (told) return;
        told = true;
        listener(exit);
      };
      child.once('exit', (code, signal) => tell({ code, signal }));
      // It could not be started at all (no exit follows).
      child.once('error', () => tell({ code: null, signal: null }));
    },
    kill: () => {
      child.kill('SIGKILL');
    },
  };
};
