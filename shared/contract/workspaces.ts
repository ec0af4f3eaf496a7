import { z } from 'zod';
import { event, method, type ServiceSpec } from './define';

/** A workspace the panel can switch to (the header switcher, File → Open Recent). */
export interface WorkspaceEntry {
  readonly path: string;
  /** The folder's name, for the switcher's list. */
  readonly name: string;
  /** ISO time it was last opened. */
  readonly openedAt: string;
  readonly current: boolean;
}

export interface WorkspaceList {
  readonly current: string;
  /** Newest first; includes the current one. */
  readonly recent: readonly WorkspaceEntry[];
  /** A native folder picker is available (desktop app); elsewhere a path is typed. */
  readonly canChooseFolder: boolean;
}

export interface WorkspaceOpened {
  readonly root: string;
  /** For a workspace created from the demo: the entries copied, and those kept as they were. */
  readonly added?: readonly string[];
  readonly kept?: readonly string[];
}

/** Sent to every panel once another workspace serves: the panel starts over on it. */
export interface WorkspaceChanged {
  readonly root: string;
}

const folder = z.string().min(1).max(4096);
const empty = z.object({}).strict();

/**
 * Switching workspaces, served beside the panel contract on the same transport (desktop IPC and
 * the headless host). Opening a folder that is not a workspace fails with WORKSPACE_NOT_FOUND;
 * `createWorkspaceFromDemo` is the offer that goes with it.
 */
export const workspaceService = {
  methods: {
    listWorkspaces: method<WorkspaceList>()(empty),
    /** Stops the current agent and starts the one in `path`; the old one serves again if that fails. */
    openWorkspace: method<WorkspaceOpened>()(z.object({ path: folder }).strict()),
    /** Copies the demo agent into `path` (keeping every file already there), then opens it. */
    createWorkspaceFromDemo: method<WorkspaceOpened>()(z.object({ path: folder }).strict()),
    /** Shows the desktop app's folder picker; null when cancelled. Opens nothing by itself. */
    chooseWorkspaceFolder: method<string | null>()(empty),
  },
  events: {
    workspaceChanged: event<WorkspaceChanged>(),
  },
} as const satisfies ServiceSpec;

export type WorkspaceService = typeof workspaceService;
