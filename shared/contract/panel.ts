import { z } from 'zod';
import type { ErrorInfo } from '../errors';
import type { ModuleId, Sha256 } from '../ids';
import { event, method, type ServiceSpec } from './define';

export type ModuleState = 'loaded' | 'not_loaded' | 'failed' | 'declined';

export interface ModuleInfo {
  readonly id: ModuleId;
  /** SHA-256 of the loaded version's source; of the file on disk when not loaded; null when unreadable. */
  readonly hash: Sha256 | null;
  readonly loaded: boolean;
  readonly state: ModuleState;
  readonly dependencies: readonly ModuleId[];
  readonly dependents: readonly ModuleId[];
  readonly transitiveDependents: readonly ModuleId[];
  readonly nativeAddon: boolean;
  readonly inFlight: number;
  readonly lastError: ErrorInfo | null;
}

export interface WorkspaceInfo {
  readonly root: string;
  readonly appVersion: string;
}

const moduleName = z.string().min(1).max(128);

/** The contract between the main process (or headless host) and the panel. */
export const panelService = {
  methods: {
    workspaceInfo: method<WorkspaceInfo>()(z.object({}).strict()),
    listModules: method<readonly ModuleInfo[]>()(z.object({}).strict()),
    loadModule: method<ModuleInfo>()(z.object({ module: moduleName }).strict()),
    callFunction: method<unknown>()(
      z.object({ module: moduleName, fn: z.string().min(1).max(128), args: z.array(z.unknown()).max(64) }).strict(),
    ),
  },
  events: {
    modulesChanged: event<readonly ModuleInfo[]>(),
  },
} as const satisfies ServiceSpec;

export type PanelService = typeof panelService;
