import { ensureWorkspace } from '../app/init-workspace';
import { defaultUserDataDir, defaultWorkspaceDir, rendererDir } from '../app/paths';
import { RecentWorkspaces } from '../app/recent-workspaces';
import { createSessionDispatcher, forwardSessionEvents, type RawEventSender } from '../services/serve-session';
import { WorkspaceSession } from '../app/workspace-session';
import { startHost } from '../host/start-host';
import { runTerminal } from '../session/terminal';
import { AgentConsole } from '../supervisor/agent-console';
import { AgentSupervisor } from '../supervisor/agent-supervisor';
import type { ServedAgent } from '../services/served-agent';
import { controlLog } from '../base/control-log';
import { refuseInspectorSignal } from '../base/inspector-signal';
import type { CliArguments } from './arguments';
import { workspaceDir } from './open-workspace';
import { APP_VERSION } from './version';

const log = controlLog('control');

export async function runSession(args: CliArguments): Promise<number> {
  const stopRefusing = refuseInspectorSignal();
  const supervisor = await AgentSupervisor.start({ root: workspaceDir(args), appVersion: APP_VERSION, watch: args.watch });
  // In --json mode stdout carries only answers, so notices (background errors, crashes, watched reloads) go to stderr.
  const stopNotices = supervisor.onNotice((line) => (args.json ? process.stderr : process.stdout).write(`${line}\n`));
  try {
    await runTerminal((ask) => new AgentConsole(supervisor, ask), {
      input: process.stdin,
      output: process.stdout,
      json: args.json,
      interactive: process.stdin.isTTY === true && !args.json,
    });
    return 0;
  } finally {
    stopNotices();
    stopRefusing();
    await supervisor.close();
  }
}

/**
 * Serves the panel on 127.0.0.1 until interrupted; prints the URL with its access token. The
 * panel's workspace switcher works here too (paths are typed; the recent list is the desktop
 * app's, in the same user data folder).
 */
export async function runServe(args: CliArguments): Promise<number> {
  const stopRefusing = refuseInspectorSignal();
  const session = await WorkspaceSession.start(args.workspace ?? ensureWorkspace(defaultWorkspaceDir()), {
    open: (root): Promise<ServedAgent> => AgentSupervisor.start({ root, appVersion: APP_VERSION }),
    recent: RecentWorkspaces.inFolder(defaultUserDataDir(), (line) => log.warn(line)),
  });
  const dispatcher = createSessionDispatcher(session, { appVersion: APP_VERSION, onInternalError: (error) => log.error('a request failed inside the host', error) });
  const host = await startHost({
    dispatcher,
    events: (send) => forwardSessionEvents(session, send as RawEventSender),
    rendererDir: rendererDir(),
    port: args.port ?? 0,
    allowedHosts: args.options.allowHost,
  });
  process.stdout.write(
    args.json
      ? `${JSON.stringify({ url: host.url, workspace: session.root })}\n`
      : `Saraphina panel for ${session.root}\nOpen ${host.url}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
  await session.close();
  stopRefusing();
  return 0;
}
