import path from 'node:path';
import { createDispatcher, requestSchema, type Dispatcher } from '../../shared/contract/dispatch';
import type { ServiceHandlers } from '../../shared/contract/define';
import { panelService } from '../../shared/contract/panel';
import { workspaceService, type WorkspaceService } from '../../shared/contract/workspaces';
import { AppError } from '../../shared/errors';
import { forwardPanelEvents, type PanelEventSender } from './panel-events';
import { createPanelHandlers } from './panel-handlers';
import type { AppServices } from '../app/app-services';
import type { WorkspaceSession } from '../app/workspace-session';

/** A transport's raw push: the panel's events plus workspaceChanged. */
export type RawEventSender = (event: string, payload: unknown) => void;

export interface SessionDispatchOptions {
  readonly appVersion: string;
  /** The desktop app's folder picker; absent in the headless host (a path is typed there). */
  readonly chooseFolder?: () => Promise<string | null>;
  readonly onInternalError?: (error: unknown) => void;
}

/**
 * One dispatcher for both contracts over a workspace session: workspace methods are answered by
 * the session, every other request by the panel handlers of the workspace serving now (a request
 * that arrives during a switch waits for it, so it never reaches a stopped agent).
 */
export function createSessionDispatcher(session: WorkspaceSession, options: SessionDispatchOptions): Dispatcher {
  const onInternalError = options.onInternalError ?? (() => undefined);
  const workspaces = createDispatcher(workspaceService, createWorkspaceHandlers(session, options), onInternalError);
  let panelFor: { services: AppServices; dispatch: Dispatcher } | undefined;
  const panel = (): Dispatcher => {
    if (panelFor?.services !== session.services) {
      const services = session.services;
      panelFor = { services, dispatch: createDispatcher(panelService, createPanelHandlers(services, options.appVersion), onInternalError) };
    }
    return panelFor.dispatch;
  };
  return async (message) => {
    const request = requestSchema.safeParse(message);
    if (request.success && Object.hasOwn(workspaceService.methods, request.data.method)) return workspaces(message);
    await session.ready();
    return panel()(message);
  };
}

export function createWorkspaceHandlers(session: WorkspaceSession, options: SessionDispatchOptions): ServiceHandlers<WorkspaceService> {
  return {
    listWorkspaces: () => {
      const current = session.root;
      const recent = session.recent.list().map((entry) => ({
        path: entry.path,
        name: path.basename(entry.path) || entry.path,
        openedAt: entry.openedAt,
        current: entry.path === current,
      }));
      return { current, recent, canChooseFolder: options.chooseFolder !== undefined };
    },
    openWorkspace: async ({ path: dir }) => ({ root: await session.switchTo(dir) }),
    createWorkspaceFromDemo: async ({ path: dir }) => {
      const created = await session.createFromDemoAndSwitch(dir);
      return { root: created.root, added: created.added, kept: created.kept };
    },
    chooseWorkspaceFolder: async () => {
      if (options.chooseFolder === undefined) {
        throw new AppError('USAGE', 'There is no folder picker here (the panel runs in a browser).', {
          hint: 'Type the workspace folder’s path on the host machine instead.',
        });
      }
      return options.chooseFolder();
    },
  };
}

/**
 * Forwards the serving workspace's events to the panel and, after each switch, forwards the new
 * one's instead and sends `workspaceChanged`. Returns a function that stops forwarding.
 */
export function forwardSessionEvents(session: WorkspaceSession, send: RawEventSender): () => void {
  const panelSend = send as PanelEventSender;
  let stopPanel = forwardPanelEvents(session.services, panelSend);
  // Stop reading from an agent before it closes (its database is gone after), resume on the next.
  const stopWill = session.onWillSwitch(() => {
    stopPanel();
    stopPanel = () => undefined;
  });
  const stopDid = session.onDidSwitch((services, root) => {
    stopPanel();
    stopPanel = forwardPanelEvents(services, panelSend);
    send('workspaceChanged', { root });
  });
  return () => {
    stopWill();
    stopDid();
    stopPanel();
  };
}
