import { RemoteError } from '../../../shared/contract/client';
import type { ClientFrame } from '../../../shared/contract/wire';
import type { ErrorInfo } from '../../../shared/errors';
import type { Envelope } from '../../../shared/result';
import type { ConnectionState, PanelConnection } from './connection';
import { parseServerFrame } from './server-frame';

/** The part of the browser WebSocket this transport uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** What the host says about this page's access link (see access-check.ts). */
export type AccessVerdict = 'valid' | 'invalid' | 'unknown';

export interface WebSocketOptions {
  readonly createSocket?: (url: string) => SocketLike;
  /**
   * Asks the host whether the access link is valid, before the first connection and after
   * every drop. A browser cannot read why an upgrade was refused, so without this a stale link
   * (the host restarted with a new token) would look like a host that is down, and be retried forever.
   */
  readonly checkAccess?: () => Promise<AccessVerdict>;
  /** First reconnect delay; it doubles per failed attempt up to `maxRetryMs`. */
  readonly initialRetryMs?: number;
  readonly maxRetryMs?: number;
}

const CONNECTING = 0;
const OPEN = 1;
/** WebSocket close code a server uses to refuse a client (here: a wrong or expired token). */
const POLICY_VIOLATION = 1008;
// A refused upgrade (wrong token) looks the same to a browser as a host that is not running.
const NOT_REACHED = 'Could not connect: is the host running, and is this the link it printed?';
export const ACCESS_LINK_INVALID = 'This access link is not valid (was the host restarted?). Open the link the host printed last.';

interface Pending {
  resolve(envelope: Envelope<unknown>): void;
  reject(error: RemoteError): void;
}

function transportError(message: string, hint?: string): RemoteError {
  return new RemoteError(hint === undefined ? { code: 'TRANSPORT', message } : { code: 'TRANSPORT', message, hint });
}

/**
 * The panel contract over the headless host's WebSocket: numbered requests matched to responses,
 * pushed events fanned out to listeners, and reconnection with exponential backoff. When the
 * socket closes, every request still waiting is rejected with a TRANSPORT error.
 */
export function createWebSocketConnection(url: string, options: WebSocketOptions = {}): PanelConnection {
  const createSocket = options.createSocket ?? ((address: string) => new WebSocket(address));
  const initialRetryMs = options.initialRetryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 10_000;
  const pending = new Map<number, Pending>();
  const waitingForOpen: string[] = [];
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = { status: 'connecting', detail: null };
  let socket: SocketLike | null = null;
  let nextId = 0;
  let failedAttempts = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let refusal: string | null = null;
  let closedByPanel = false;
  let everConnected = false;

  function setState(next: ConnectionState): void {
    state = next;
    for (const listener of stateListeners) listener(state);
  }

  /** Stops for good: the host said this link is not valid. */
  function denyAccess(detail: string): void {
    refusal = detail;
    clearTimeout(retryTimer);
    rejectAll('The host refused this access link.');
    setState({ status: 'offline', detail, accessDenied: true });
  }

  /** Connects once the host has confirmed the link (or could not say: then the socket tells). */
  function checkThenConnect(): void {
    const check = options.checkAccess;
    if (check === undefined) {
      connect();
      return;
    }
    check().then(
      (verdict) => {
        if (closedByPanel || refusal !== null) return;
        if (verdict === 'invalid') denyAccess(ACCESS_LINK_INVALID);
        else connect();
      },
      () => {
        if (!closedByPanel && refusal === null) connect();
      },
    );
  }

  function connect(): void {
    let current: SocketLike;
    try {
      current = createSocket(url);
    } catch (error) {
      scheduleRetry(`Could not open a connection: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    socket = current;
    current.onopen = () => {
      failedAttempts = 0;
      everConnected = true;
      setState({ status: 'connected', detail: null });
      for (const text of waitingForOpen.splice(0)) current.send(text);
    };
    current.onmessage = (event) => receive(event.data);
    // An error is always followed by a close event, which does the reporting.
    current.onerror = () => undefined;
    current.onclose = (event) => {
      if (socket !== current) return;
      socket = null;
      rejectAll('The connection to the host closed before it answered.');
      if (event.code === POLICY_VIOLATION) refusal ??= event.reason || 'The host refused this access link.';
      if (closedByPanel) return;
      if (refusal !== null) setState({ status: 'offline', detail: refusal, accessDenied: true });
      else scheduleRetry(everConnected ? 'Connection to the host lost.' : NOT_REACHED);
    };
  }

  function scheduleRetry(reason: string): void {
    const delay = Math.min(maxRetryMs, initialRetryMs * 2 ** failedAttempts);
    failedAttempts += 1;
    setState({ status: 'reconnecting', detail: `${reason} Retrying in ${Math.ceil(delay / 1000)} s.` });
    retryTimer = setTimeout(checkThenConnect, delay);
  }

  function receive(data: unknown): void {
    const frame = parseServerFrame(data);
    if (frame === null) {
      console.error('[transport] ignored a malformed frame from the host');
      return;
    }
    switch (frame.type) {
      case 'response': {
        const waiting = pending.get(frame.id);
        pending.delete(frame.id);
        waiting?.resolve(frame.envelope);
        return;
      }
      case 'event':
        for (const listener of eventListeners) deliver(listener, frame.event, frame.payload);
        return;
      case 'error':
        reportHostError(frame.error);
        return;
    }
  }

  function reportHostError(error: ErrorInfo): void {
    // A refused token will not become valid by retrying: stop and say so.
    if (error.code === 'UNAUTHORIZED') refusal = error.message;
    else console.error(`[transport] host reported ${error.code}: ${error.message}`);
  }

  function rejectAll(message: string): void {
    waitingForOpen.length = 0;
    const waiting = [...pending.values()];
    pending.clear();
    for (const request of waiting) request.reject(transportError(message, 'Try again once the panel shows it is connected.'));
  }

  function invoke(method: string, input: unknown): Promise<Envelope<unknown>> {
    return new Promise((resolve, reject) => {
      if (closedByPanel) return reject(transportError('The panel connection is closed.'));
      const open = socket?.readyState === OPEN;
      // Before the first socket exists (the access check is on its way) requests wait too.
      const firstConnect = socket === null && state.status === 'connecting';
      if (!open && socket?.readyState !== CONNECTING && !firstConnect) {
        return reject(transportError('Not connected to the host.', state.detail ?? undefined));
      }
      const id = nextId++;
      const frame: ClientFrame = { type: 'request', id, method, input };
      let text: string;
      try {
        text = JSON.stringify(frame);
      } catch {
        return reject(transportError(`The input for ${method} cannot be sent as JSON.`));
      }
      pending.set(id, { resolve, reject });
      if (open) socket?.send(text);
      else waitingForOpen.push(text);
    });
  }

  checkThenConnect();

  return {
    kind: 'websocket',
    transport: {
      invoke,
      onEvent(listener) {
        eventListeners.add(listener);
        return () => eventListeners.delete(listener);
      },
    },
    onState(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
    close() {
      closedByPanel = true;
      clearTimeout(retryTimer);
      const current = socket;
      socket = null;
      current?.close(1000, 'Panel closed');
      rejectAll('The panel connection was closed.');
      setState({ status: 'offline', detail: 'Disconnected.' });
    },
  };
}

/** One listener's failure must not stop the others from hearing the event. */
function deliver(listener: (event: string, payload: unknown) => void, event: string, payload: unknown): void {
  try {
    listener(event, payload);
  } catch (error) {
    console.error(`[transport] a listener for "${event}" failed`, error);
  }
}
