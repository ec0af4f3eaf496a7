import { createStore, type StoreApi } from 'zustand/vanilla';
import { subscribe } from '../../../shared/contract/client';
import type { EventListener, EventName } from '../../../shared/contract/define';
import type { PanelService } from '../../../shared/contract/panel';
import type { PanelConnection } from '../transport/connection';
import { createActivitySlice } from './activity-slice';
import type { AppState, PanelClient } from './app-state';
import { createAuditSlice } from './audit-slice';
import { createAutoReloadSlice } from './auto-reload-slice';
import { createConnectionSlice } from './connection-slice';
import { createConsoleSlice } from './console-slice';
import { createFilesSlice } from './files-slice';
import { createLateCallsSlice } from './late-calls-slice';
import { createLiveSlice } from './live-slice';
import { createLogsSlice } from './logs-slice';
import { createModulesSlice } from './modules-slice';
import { createProposalsSlice, type ProposalDraft } from './proposals-slice';
import { createTimelineSlice } from './timeline-slice';
import { createUiSlice, type TabId, type Theme } from './ui-slice';
import { createWorkspaceSlice } from './workspace-slice';
import { describeLiveEvent, type LiveEvent } from './live-notices';

export type AppStore = StoreApi<AppState>;

export interface StoreOptions {
  readonly theme?: Theme;
  readonly tab?: TabId;
  readonly consoleHistory?: readonly string[];
  /** Code typed and not saved yet, from the last session (kept locally as the person types). */
  readonly drafts?: Readonly<Record<string, ProposalDraft>>;
}

export function createAppStore(client: PanelClient, options: StoreOptions = {}): AppStore {
  return createStore<AppState>()((...api) => ({
    ...createConnectionSlice()(...api),
    ...createModulesSlice(client)(...api),
    ...createWorkspaceSlice(client)(...api),
    ...createUiSlice({ theme: options.theme ?? 'light', ...(options.tab === undefined ? {} : { tab: options.tab }) })(...api),
    ...createActivitySlice()(...api),
    ...createFilesSlice(client)(...api),
    ...createLiveSlice(client)(...api),
    ...createLateCallsSlice(client)(...api),
    ...createTimelineSlice(client)(...api),
    ...createAuditSlice(client)(...api),
    ...createConsoleSlice(client, options.consoleHistory)(...api),
    ...createLogsSlice(client)(...api),
    ...createAutoReloadSlice(client)(...api),
    ...createProposalsSlice(client, options.drafts)(...api),
  }));
}

/** Fetches everything the views show afresh (after a reconnect, or once a restarted agent serves). */
export function fetchState(store: AppStore): void {
  const state = store.getState();
  void state.loadModules();
  void state.loadWorkspace();
  void state.loadVersions();
  void state.loadReloads();
  void state.loadProposals();
  void state.loadLiveProposals();
  void state.loadLateCalls();
  void state.loadAgentLog();
  void state.loadAutoReload();
  state.filesMayHaveChanged();
}

/**
 * Keeps the store in step with a connection: pushed events go straight in, and each time the
 * link comes up (first connect and every reconnect) the state is fetched afresh, since events
 * sent while it was down were missed. Returns a function that undoes the wiring.
 */
export function connectStore(store: AppStore, connection: PanelConnection): () => void {
  const on = <E extends EventName<PanelService>>(name: E, listener: EventListener<PanelService, E>) =>
    subscribe<PanelService, E>(connection.transport, name, listener);
  const state = () => store.getState();
  const notifyAbout = (event: LiveEvent) => {
    const notice = describeLiveEvent(event);
    if (notice !== null) state().notify(notice);
  };
  const stops = [
    on('modulesChanged', (list) => {
      state().receiveModules(list);
      state().filesMayHaveChanged();
    }),
    on('changeStarted', (change) => {
      state().changeStarted(change);
      // How the module's earlier late calls ended is old news once it changes again.
      state().forgetEndedLateCalls(change.module);
    }),
    on('lateCallsChanged', (calls) => state().receiveLateCalls(calls)),
    on('changeFinished', (change) => {
      state().changeFinished(change);
      state().filesMayHaveChanged();
    }),
    on('reloadFinished', (record) => {
      // A reload inside a rollback or an apply is told by that change (its dialog or its notice).
      const partOfChange =
        state().activity.running.some((change) => change.module === record.module && change.change !== 'reload') ||
        state().autoReload.reloading.includes(record.module);
      state().receiveReload(record);
      if (!partOfChange) notifyAbout({ kind: 'reloadFinished', record });
    }),
    on('historyChanged', (change) => state().receiveHistory(change)),
    on('rolledBack', (rolledBack) => {
      notifyAbout({ kind: 'rolledBack', rolledBack });
      // The reload it undid now reads "rolled back" in the audit (the host says so on a fresh list).
      const { cause } = rolledBack;
      if (cause !== null && cause !== undefined) {
        void state().loadReloads();
        const where = cause.location === null ? '' : ` at ${cause.location}`;
        state().noteInConsole(
          `${rolledBack.module} rolled back automatically`,
          `${cause.message}${where}${cause.failedAt === null ? '' : ` (${cause.failedAt})`}; ${cause.file ?? rolledBack.module} was rewritten to ${rolledBack.restoredFrom}.`,
        );
      }
    }),
    on('probationEnded', (ended) => notifyAbout({ kind: 'probationEnded', ended })),
    on('proposalChanged', (proposal) => state().receiveProposal(proposal)),
    on('proposalsLiveChanged', (list) => state().receiveLiveProposals(list)),
    on('agentLogAppended', (entries) => state().receiveAgentLog(entries)),
    on('agentLogCleared', () => state().agentLogCleared()),
    on('autoReloadChanged', (setting) => state().receiveAutoReload(setting)),
    on('autoReloaded', (event) => {
      if (event.phase === 'started') {
        state().autoReloadStarted(event.module);
        return;
      }
      state().autoReloadFinished(event.module);
      notifyAbout({ kind: 'autoReloaded', record: event.record });
      const { record } = event;
      state().noteInConsole(
        `auto-reload ${record.module}`,
        record.outcome === 'reloaded'
          ? `Saved file reloaded in ${Math.round(record.durationMs)} ms.`
          : `Saved file ${record.outcome.replace('_', ' ')}: ${record.error?.message ?? 'see the audit'}; the previous code keeps serving.`,
      );
    }),
  ];
  let wasConnected = false;
  const stopState = connection.onState((connectionState) => {
    state().setConnection(connectionState);
    const connected = connectionState.status === 'connected';
    if (connected && !wasConnected) fetchState(store);
    wasConnected = connected;
  });
  return () => {
    for (const stop of stops) stop();
    stopState();
  };
}
