import type { Transport } from '../../../shared/contract/client';
import type { PanelConnection } from './connection';

declare global {
  interface Window {
    /** Set by the Electron preload (electron/preload/index.ts); absent in a plain browser. */
    readonly saraphina?: Transport;
  }
}

/** IPC to the main process cannot drop while the window exists, so it is always connected. */
export function createBridgeConnection(bridge: Transport): PanelConnection {
  return {
    kind: 'electron',
    transport: bridge,
    onState(listener) {
      listener({ status: 'connected', detail: null });
      return () => undefined;
    },
    close: () => undefined,
  };
}
