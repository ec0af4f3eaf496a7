import { createInterpreter, openWarmAppServices } from '../app/app-services';
import { ensureWorkspace } from '../app/init-workspace';
import { defaultUserDataDir, defaultWorkspaceDir, rendererDir } from '../app/paths';
import { RecentWorkspaces } from '../app/recent-workspaces';
import { createSessionDispatcher, forwardSessionEvents, type RawEventSender } from '../services/serve-session';
import { WorkspaceSession } from '../app/workspace-session';
import { startHost } from '../host/start-host';
import { installBackgroundErrorTrap } from '../runtime/resources/background-errors';
import { formatBackgroundError } from '../session/commands/errors';
import { runTerminal } from '../session/terminal';
import { watchModules } from '../session/watch-modules';
import { controlLog } from '../base/control-log';
import type { CliArguments } from './arguments';
import { openWorkspaceServices } from './open-workspace';
import { APP_VERSION } from './version';

const log = controlLog('control');

/**
 * The control process never opens the Node inspector because another process sent it SIGUSR1
 * (that would hand a debugger into the panel's process to anyone who can signal it): a listener
 * replaces Node's own handling. Debugging stays possible by starting with --inspect.
 */
function refuseInspectorSignal(): () => void {
  const onSignal = (): void => log.warn('SIGUSR1 received and ignored: the inspector opens only when the process is started with --inspect.');
  process.on('SIGUSR1', onSignal);
  return () => process.off('SIGUSR1', onSignal);
}

export async function runSession(args: CliArguments): Promise<number> {
  // An error module code raises in the background is reported; it never ends the session.
  installBackgroundErrorTrap();
  const stopRefusing = refuseInspectorSignal();
  const services = await openWorkspaceServices(args);
  // The first change is type-checked against warm programs (built in the worker meanwhile).
  services.engine.typeGate.warmUp();
  // In --json mode stdout carries only answers, so watch notices go to stderr.
  const stopWatching = args.watch
    ? watchModules(services.engine, (line) => (args.json ? process.stderr : process.stdout).write(`${line}\n`))
    : () => undefined;
  const stopNotices = services.engine.events.onDidChange((event) => {
    if (event.type === 'backgroundError') (args.json ? process.stderr : process.stdout).write(`${formatBackgroundError(event.error)}\n`);
  });
  try {
    await runTerminal((ask) => createInterpreter(services, ask), {
      input: process.stdin,
      output: process.stdout,
      json: args.json,
      interactive: process.stdin.isTTY === true && !args.json,
    });
    return 0;
  } finally {
    stopWatching();
    stopNotices();
    stopRefusing();
    await services.close();
  }
}

/**
 * Serves the panel on 127.0.0.1 until interrupted; prints the URL with its access token. The
 * panel's workspace switcher works here too (paths are typed; the recent list is the desktop
 * app's, in the same user data folder).
 */
export async function runServe(args: CliArguments): Promise<number> {
  installBackgroundErrorTrap();
  const stopRefusing = refuseInspectorSignal();
  const session = await WorkspaceSession.start(args.workspace ?? ensureWorkspace(defaultWorkspaceDir()), {
    open: (root) => openWarmAppServices(root),
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
