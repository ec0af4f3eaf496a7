import type { EventName, PayloadOf } from '../../shared/contract/define';
import type { PanelService } from '../../shared/contract/panel';
import type { VersionInfo } from '../../shared/history';
import type { AppServices } from '../app/app-services';
import { controlLog } from '../base/control-log';
import type { EngineEvent } from '../engine/engine-events';
import { explainLastFailure } from '../engine/failure-explanation';
import { describeOverviews } from './module-overview';
import { describeProposalsLive } from '../proposals/proposal-lifecycle';
import { watchModuleFiles } from './watch-module-files';


const log = controlLog('panel-events');
const MODULES_EVERY_MS = 250;
/** Pushes one panel event to wherever the panel runs (a window, every WebSocket client). */
export type PanelEventSender = <E extends EventName<PanelService>>(
  event: E,
  payload: PayloadOf<PanelService['events'][E]>,
) => void;

/**
 * Forwards what the runtime and the engine do to the panel. The module list and the history
 * changes are coalesced: a reload touching several modules and versions becomes one
 * `modulesChanged` and one `historyChanged`, sent once the current step settles. Returns a
 * function that stops forwarding.
 */
export function forwardPanelEvents(
  services: AppServices,
  send: PanelEventSender,
  onError: (error: unknown) => void = (error) => log.error('forwarding an event to the panel failed', error),
): () => void {
  const { engine } = services;
  let active = true;
  const safely = (task: () => void): void => {
    if (!active) return;
    try {
      task();
    } catch (error) {
      onError(error);
    }
  };

  // The module list is the costly event (every module's file, history and last failure): it goes
  // out once the change that caused it has answered, and at most every MODULES_EVERY_MS, so a run
  // of reloads describes the modules a few times rather than after each one.
  const modules = throttle(() => safely(() => send('modulesChanged', describeOverviews(engine))), MODULES_EVERY_MS);
  const added = new Map<string, VersionInfo>();
  const updated = new Map<string, VersionInfo>();
  const history = coalesce(() =>
    safely(() => {
      const change = { added: [...added.values()].reverse(), updated: [...updated.values()] };
      added.clear();
      updated.clear();
      send('historyChanged', change);
    }),
  );

  const proposalsLive = coalesce(() => safely(() => send('proposalsLiveChanged', describeProposalsLive(engine, services.proposals))));

  const onEngineEvent = (event: EngineEvent): void => {
    switch (event.type) {
      case 'changeStarted':
        safely(() => send('changeStarted', { change: event.change, module: event.module, startedAt: event.startedAt }));
        return;
      case 'changeFinished':
        safely(() => send('changeFinished', { change: event.change, module: event.module, startedAt: Date.now() }));
        return;
      case 'reloadFinished':
        safely(() => send('reloadFinished', event.record));
        modules();
        return;
      case 'versionAdded':
        added.set(event.version.versionId, event.version);
        history();
        proposalsLive();
        if (event.version.state === 'restored' && event.version.restoredFrom !== null) {
          const { module, versionId, restoredFrom, hash } = event.version;
          safely(() => {
            const backup = engine.versions.history(module, 4).find((version) => version.state === 'pre_rollback');
            const failure = explainLastFailure(engine, module, null);
            const cause = failure?.restoredVersionId === versionId ? failure : null;
            send('rolledBack', { module, versionId, restoredFrom, hash, backupVersionId: backup?.versionId ?? null, cause });
          });
        }
        return;
      case 'versionUpdated':
        if (added.has(event.version.versionId)) added.set(event.version.versionId, event.version);
        else updated.set(event.version.versionId, event.version);
        history();
        modules();
        proposalsLive();
        return;
      case 'headChanged':
        modules();
        return;
      case 'probationEnded':
        safely(() => send('probationEnded', { version: latest(services, event.version), stable: event.stable }));
        modules();
        return;
      case 'lateCalls':
        safely(() => send('lateCallsChanged', event.calls));
        return;
      case 'backgroundError':
        // The sidebar shows it on the module (an automatic rollback it caused comes as its own events).
        modules();
        return;
    }
  };

  const stopRuntime = engine.runtime.onDidChange(modules);
  // The log batches its lines per turn of the event loop, so a module printing in a loop sends few events.
  const stopAgentLog = engine.agentLog.onDidChange((change) =>
    safely(() => ('cleared' in change ? send('agentLogCleared', null) : send('agentLogAppended', change.appended))),
  );
  const stopEngine = engine.events.onDidChange(onEngineEvent);
  const stopProposals = services.proposals.onDidChange((proposal) => {
    safely(() => send('proposalChanged', proposal));
    proposalsLive();
  });
  const stopAutoReloadState = engine.autoReload.onDidChange((state) => safely(() => send('autoReloadChanged', state)));
  const stopAutoReloads = engine.autoReload.onDidReload((event) => safely(() => send('autoReloaded', event)));
  // Edits saved outside the panel: the sidebar says "changed on disk, not loaded" at once.
  const stopWatching = watchModuleFiles(engine.runtime.workspace.modulesDir, modules, onError);
  return () => {
    active = false;
    modules.cancel();
    stopWatching();
    stopRuntime();
    stopAgentLog();
    stopEngine();
    stopProposals();
    stopAutoReloadState();
    stopAutoReloads();
  };
}

/** The version as stored now (its state moved on since the event's snapshot was taken). */
function latest(services: AppServices, version: VersionInfo): VersionInfo {
  return services.engine.versions.get(version.versionId) ?? version;
}

/**
 * Runs `task` once the event loop has turned (after the answers waiting in microtasks) and no
 * sooner than `ms` after its last run, however often it was asked for meanwhile.
 */
function throttle(task: () => void, ms: number): (() => void) & { cancel(): void } {
  let timer: NodeJS.Timeout | null = null;
  let last = 0;
  const schedule = (): void => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      task();
    }, Math.max(0, last + ms - Date.now()));
  };
  return Object.assign(schedule, {
    cancel: () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  });
}

/**
 * Runs `task` once after the current synchronous step, however often it was asked for in that
 * step.
 */
function coalesce(task: () => void): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      task();
    });
  };
}
