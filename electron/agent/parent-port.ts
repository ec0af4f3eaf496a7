import type { FromAgent, ToAgent } from './protocol';

/** Electron's utility process: `process.parentPort` (absent under plain Node). */
interface UtilityParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export interface ParentPort {
  send(message: FromAgent): void;
  onMessage(listener: (message: ToAgent) => void): void;
  /** The control process went away (its channel closed). */
  onDisconnect(listener: () => void): void;
}

/** The channel to the control process: a utility process's parentPort, or Node's IPC channel. */
export function parentPort(): ParentPort {
  const utility = (process as { parentPort?: UtilityParentPort }).parentPort;
  if (utility !== undefined) {
    return {
      send: (message) => utility.postMessage(message),
      onMessage: (listener) => utility.on('message', (event) => listener(event.data as ToAgent)),
      // A utility process ends with its parent; there is no disconnect to watch.
      onDisconnect: () => undefined,
    };
  }
  if (process.send === undefined) throw new Error('The agent process must be started by the control process (no IPC channel).');
  return {
    send: (message) => {
      if (process.connected) process.send?.(message);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToAgent)),
    onDisconnect: (listener) => process.once('disconnect', listener),
  };
}
