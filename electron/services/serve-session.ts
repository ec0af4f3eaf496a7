import path from 'node:path';
import { createDispatcher, requestSchema, type Dispatcher } from '../../shared/contract/dispatch';
import type { ServiceHandlers } from '../../shared/contract/define';
import { workspaceService, type WorkspaceService } from '../../shared/contract/workspaces';
import { AppError } from '../../shared/errors';
import type { Closable, WorkspaceSession } from '../app/workspace-session';
import type { RawEventSender, ServedAgent } from './served-agent';

export type { RawEventSender } from './served-agent';

export interface SessionDispatchOptions {
  readonly appVersion: string;
  /** The desktop app's folder picker; absent in the headless host (a path is typed there). */
  readonly chooseFolder?: () => Promise<string | null>;
  readonly onInternalError?: (error: unknown) => void;
}

/**
 * One dispatcher for every contract over a workspace session: workspace methods are answered by
 * the session, every other request by the agent serving now (a request that arrives during a
 * switch waits for it, so it never reaches a stopped agent).
 */
export function createSessionDispatcher(session: WorkspaceSession<ServedAgent>, options: SessionDispatchOptions): Dispatcher {
  const onInternalError = options.onInternalError ?? (() => undefined);
  const workspaces = createDispatcher(workspaceService, createWorkspaceHandlers(session, options), onInternalError);
  return async (message) => {
    const request = requestSchema.safeParse(message);
    if (request.success && Object.hasOwn(workspaceService.methods, request.data.method)) return workspaces(message);
    await session.ready();
    return session.services.dispatch(message);
  };
}

export function createWorkspaceHandlers<T extends Closable>(session: WorkspaceSession<T>, options: SessionDispatchOptions): ServiceHandlers<WorkspaceService> {
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
export function forwardSessionEvents(session: WorkspaceSession<ServedAgent>, send: RawEventSender): () => void {
  let stopPanel = session.services.forwardEvents(send);
  // Stop reading from an agent before it closes (its database is gone after), resume on the next.
  const stopWill = session.onWillSwitch(() => {
    stopPanel();
    stopPanel = () => undefined;
  });
  const stopDid = session.onDidSwitch((services, root) => {
    stopPanel();
    stopPanel = services.forwardEvents(send);
    send('workspaceChanged', { root });
  });
  return () => {
    stopWill();
    stopDid();
    stopPanel();
  };
}
