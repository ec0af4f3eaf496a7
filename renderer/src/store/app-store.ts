import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PanelConnection } from '../transport/connection';
import { subscribe } from '../../../shared/contract/client';
import type { PanelService } from '../../../shared/contract/panel';
import type { AppState, PanelClient } from './app-state';
import { createConnectionSlice } from './connection-slice';
import { createModulesSlice } from './modules-slice';
import { createWorkspaceSlice } from './workspace-slice';

export type AppStore = StoreApi<AppState>;

export function createAppStore(client: PanelClient): AppStore {
  return createStore<AppState>()((...api) => ({
    ...createConnectionSlice()(...api),
    ...createModulesSlice(client)(...api),
    ...createWorkspaceSlice(client)(...api),
  }));
}

/**
 * Keeps the store in step with a connection: pushed module lists go straight in, and each time
 * the link comes up (first connect and every reconnect) the state is fetched afresh, since
 * events sent while it was down were missed. Returns a function that undoes the wiring.
 */
export function connectStore(store: AppStore, connection: PanelConnection): () => void {
  const stopEvents = subscribe<PanelService, 'modulesChanged'>(connection.transport, 'modulesChanged', (list) =>
    store.getState().receiveModules(list),
  );
  let wasConnected = false;
  const stopState = connection.onState((state) => {
    store.getState().setConnection(state);
    const connected = state.status === 'connected';
    if (connected && !wasConnected) {
      void store.getState().loadModules();
      void store.getState().loadWorkspace();
    }
    wasConnected = connected;
  });
  return () => {
    stopEvents();
    stopState();
  };
}
