import { createDispatcher } from '../../shared/contract/dispatch';
import { panelService } from '../../shared/contract/panel';
import type { Envelope } from '../../shared/result';
import type { AppServices } from '../app/app-services';
import { forwardPanelEvents, type PanelEventSender } from './panel-events';
import { createPanelHandlers } from './panel-handlers';

/** A transport's raw push: the panel's events plus workspaceChanged and agentStatusChanged. */
export type RawEventSender = (event: string, payload: unknown) => void;

/**
 * The agent as the front ends (window, host) see it: one request/response contract and a stream
 * of events. Served by the supervised agent process (supervisor/), or in this process (tests).
 */
export interface ServedAgent {
  dispatch(message: unknown): Promise<Envelope<unknown>>;
  /** Forwards its events to `send` until the returned function is called. */
  forwardEvents(send: RawEventSender): () => void;
  close(): Promise<void>;
  closeNow(): void;
}

/** The panel contract on services opened in this very process (no process boundary). */
export function servedInProcess(services: AppServices, appVersion: string, onInternalError: (error: unknown) => void = () => undefined): ServedAgent {
  const dispatch = createDispatcher(panelService, createPanelHandlers(services, appVersion), onInternalError);
  return {
    dispatch,
    forwardEvents: (send) => forwardPanelEvents(services, send as PanelEventSender),
    close: () => services.close(),
    closeNow: () => services.closeNow(),
  };
}
