import { createDispatcher } from '../../shared/contract/dispatch';
import { panelService } from '../../shared/contract/panel';
import { createInterpreter } from '../app/app-services';
import { rendererDir } from '../app/paths';
import { startHost } from '../host/start-host';
import { forwardPanelEvents } from '../services/panel-events';
import { createPanelHandlers } from '../services/panel-handlers';
import { runTerminal } from '../session/terminal';
import { watchModules } from '../session/watch-modules';
import type { CliArguments } from './arguments';
import { openWorkspaceServices } from './open-workspace';
import { APP_VERSION } from './version';

export async function runSession(args: CliArguments): Promise<number> {
  const services = await openWorkspaceServices(args);
  // In --json mode stdout carries only answers, so watch notices go to stderr.
  const stopWatching = args.watch
    ? watchModules(services.engine, (line) => (args.json ? process.stderr : process.stdout).write(`${line}\n`))
    : () => undefined;
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
    await services.close();
  }
}

/** Serves the panel on 127.0.0.1 until interrupted; prints the URL with its access token. */
export async function runServe(args: CliArguments): Promise<number> {
  const services = await openWorkspaceServices(args);
  const { runtime } = services.engine;
  const dispatcher = createDispatcher(panelService, createPanelHandlers(services, APP_VERSION), (error) =>
    console.error(error),
  );
  const host = await startHost({
    dispatcher,
    events: (send) => forwardPanelEvents(services, send),
    rendererDir: rendererDir(),
    port: args.port ?? 0,
  });
  process.stdout.write(
    args.json
      ? `${JSON.stringify({ url: host.url, workspace: runtime.workspace.root })}\n`
      : `Saraphina panel for ${runtime.workspace.root}\nOpen ${host.url}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
  await services.close();
  return 0;
}
