import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Transport } from '../../shared/contract/client';
import type { Envelope } from '../../shared/result';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract/channels';

/*
 * The page sees exactly the contract's Transport as `window.saraphina`: two functions, never
 * ipcRenderer itself, so it can reach no channel but ours. The main process validates every request.
 */
const bridge: Transport = {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>> {
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, { method, input }) as Promise<Envelope<unknown>>;
  },
  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    const relay = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (typeof name === 'string') listener(name, payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld('saraphina', bridge);
