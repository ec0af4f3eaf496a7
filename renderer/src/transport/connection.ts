import type { Transport } from '../../../shared/contract/client';

/** How the panel is linked to its runtime right now, as the header shows it. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** One line on why the connection is not (yet) up; null when there is nothing to say. */
  readonly detail: string | null;
  /** The host refused this access link for good (wrong or stale token): retrying cannot help. */
  readonly accessDenied?: boolean;
}

/** A transport plus what the UI needs to know about its link. */
export interface PanelConnection {
  readonly kind: 'electron' | 'websocket';
  readonly transport: Transport;
  /** Calls `listener` with the current state at once, then on every change. */
  onState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}
