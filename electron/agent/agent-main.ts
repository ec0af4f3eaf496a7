import { panelService } from '../../shared/contract/panel';
import { createDispatcher } from '../../shared/contract/dispatch';
import { toErrorInfo } from '../../shared/errors';
import { shortHash } from '../../shared/ids';
import { describeLateCallsState } from '../../shared/late-calls';
import type { ReloadRecord } from '../../shared/history';
import { openWarmAppServices, type AppServices } from '../app/app-services';
import { refuseInspectorSignal } from '../base/inspector-signal';
import { controlLog } from '../base/control-log';
import { installBackgroundErrorTrap } from '../runtime/resources/background-errors';
import { forwardPanelEvents } from '../services/panel-events';
import { createPanelHandlers } from '../services/panel-handlers';
import { formatBackgroundError } from '../session/commands/errors';
import { watchModules } from '../session/watch-modules';
import { parentPort } from './parent-port';
import { START_OPTIONS_ENV, type AgentStartOptions } from './protocol';

/*
 * The agent process: the runtime with everything that must sit next to it (module loading,
 * reload, checks, probation, the version store that records them) serves the panel contract to
 * the control process that started it. Whatever the agent's code does here (exit, loop, run out
 * of memory), the control process stays up and starts this process again.
 */

const log = controlLog('agent');

export async function runAgentProcess(): Promise<void> {
  const port = parentPort();
  const options = JSON.parse(process.env[START_OPTIONS_ENV] ?? 'null') as AgentStartOptions | null;
  if (options === null) throw new Error(`The agent process needs ${START_OPTIONS_ENV}.`);
  // Module code's background errors go to the engine that owns the module; others end this process.
  installBackgroundErrorTrap();
  refuseInspectorSignal('agent');
  // Pings are answered from the start, so a long load is not taken for a stuck agent. A close
  // asked for during the load is kept for when it is done (else it went unheard and the control
  // process waited its whole close time before killing this process).
  let closeAsked = false;
  port.onMessage((message) => {
    if (message.type === 'ping') port.send({ type: 'pong', id: message.id, cpuMicros: cpuMicros(), rssBytes: process.memoryUsage.rss() });
    else if (message.type === 'close') closeAsked = true;
  });
  let services: AppServices;
  try {
    services = await openWarmAppServices(options.root, {
      runCode: options.runCode,
      restoreStable: options.restoreStable,
      crashes: options.crashes,
      onCrashesRecorded: () => port.send({ type: 'crashes-recorded' }),
    });
  } catch (error) {
    port.send({ type: 'start-failed', error: toErrorInfo(error) });
    process.exitCode = 1;
    return;
  }
  const dispatch = createDispatcher(panelService, createPanelHandlers(services, options.appVersion), (error) =>
    log.error('a request failed inside the agent', error),
  );
  let stopEvents: (() => void) | null = null;
  const watchEvents = (on: boolean): void => {
    if (on && stopEvents === null) stopEvents = forwardPanelEvents(services, (event, payload) => port.send({ type: 'event', event, payload }));
    if (!on && stopEvents !== null) {
      stopEvents();
      stopEvents = null;
    }
  };
  // The error that ends this process (or came just before) is in state.db for the next run to show.
  process.on('exit', () => services.engine.backgroundErrors.flush());
  services.engine.events.onDidChange((event) => {
    if (event.type === 'backgroundError') port.send({ type: 'notice', line: formatBackgroundError(event.error) });
    // How a reload's late calls ended, in one line (the reload's answer listed them).
    if (event.type === 'lateCalls' && event.calls.phase !== 'running') {
      port.send({ type: 'notice', line: `${event.calls.module} ${shortHash(event.calls.hash)}: ${describeLateCallsState(event.calls, Date.now())}` });
    }
  });
  if (options.watch) watchModules(services.engine, (line) => port.send({ type: 'notice', line }));
  // Auto-reload on save (the panel's toggle, /auto-reload) tells a terminal too, in one line per save.
  services.engine.autoReload.onDidReload((event) => {
    if (event.phase === 'finished') port.send({ type: 'notice', line: describeAutoReload(event.module, event.record) });
  });
  let closing = false;
  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    watchEvents(false);
    await services.close();
    process.exit(0);
  };
  port.onMessage((message) => {
    if (message.type === 'request') {
      void dispatch(message.message).then((response) => port.send({ type: 'response', id: message.id, response }));
    } else if (message.type === 'events') watchEvents(message.on);
    else if (message.type === 'close') void close();
  });
  // The control process is gone: nothing will ask again; stop as after a clean close.
  port.onDisconnect(() => void close());
  if (closeAsked) return close();
  port.send({ type: 'ready', runsCode: services.engine.runtime.runsCode });
}

function describeAutoReload(module: string, record: ReloadRecord): string {
  if (record.outcome === 'reloaded') return `auto-reload: reloaded ${module} in ${record.durationMs} ms`;
  return `auto-reload: ${record.outcome} ${module} — ${record.error?.message ?? ''} (previous code keeps running)`;
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}
