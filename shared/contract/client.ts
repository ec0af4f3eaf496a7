import type { ErrorCode, ErrorInfo } from '../errors';
import type { Envelope } from '../result';
import type { EventName, EventListener, ServiceClient, ServiceSpec } from './define';

/** What a transport (Electron preload bridge, WebSocket) must offer to carry the contract. */
export interface Transport {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  /** Subscribes to all pushed events; returns an unsubscribe function. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}

/** A failed request as seen by the caller: the server's code, message and hint. */
export class RemoteError extends Error implements ErrorInfo {
  readonly code: ErrorCode;
  readonly hint?: string;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'RemoteError';
    this.code = info.code;
    if (info.hint !== undefined) this.hint = info.hint;
  }
}

export function createClient<S extends ServiceSpec>(spec: S, transport: Transport): ServiceClient<S> {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of Object.keys(spec.methods)) {
    client[name] = async (input) => {
      const envelope = await transport.invoke(name, input);
      if (!envelope.ok) throw new RemoteError(envelope.error);
      return envelope.value;
    };
  }
  return client as ServiceClient<S>;
}

export function subscribe<S extends ServiceSpec, E extends EventName<S>>(
  transport: Transport,
  name: E,
  listener: EventListener<S, E>,
): () => void {
  return transport.onEvent((event, payload) => {
    if (event === name) listener(payload as Parameters<EventListener<S, E>>[0]);
  });
}
