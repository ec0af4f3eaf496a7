import { utilityProcess } from 'electron';
import type { FromAgent } from '../agent/protocol';
import type { AgentLauncher } from '../supervisor/launcher';

/** The desktop app's agent process: an Electron utility process (Node in its own process, MessagePort to the main process). */
export const utilityLauncher: AgentLauncher = (entry, options) => {
  const child = utilityProcess.fork(entry, [], {
    cwd: options.cwd,
    env: options.env,
    execArgv: [...options.execArgv],
    stdio: 'pipe',
    serviceName: 'Saraphina agent',
  });
  return {
    get pid() {
      return child.pid;
    },
    stdout: child.stdout,
    stderr: child.stderr,
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromAgent)),
    // A utility process reports its exit code only; a signal shows as a code the crash record keeps.
    onExit: (listener) => child.once('exit', (code) => listener({ code, signal: null })),
    kill: () => {
      if (child.pid === undefined || !safeKill(child.pid)) child.kill();
    },
  };
};

/** SIGKILL, which a stuck event loop cannot delay (utilityProcess.kill sends SIGTERM). */
function safeKill(pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}
