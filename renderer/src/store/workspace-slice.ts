import type { WorkspaceInfo } from '../../../shared/contract/panel';
import type { ErrorInfo } from '../../../shared/errors';
import type { PanelClient, SliceCreator } from './app-state';
import { describeFailure } from './describe-failure';

export interface WorkspaceState {
  readonly info: WorkspaceInfo | null;
  readonly error: ErrorInfo | null;
}

export interface WorkspaceSlice {
  readonly workspace: WorkspaceState;
  readonly loadWorkspace: () => Promise<void>;
}

export function createWorkspaceSlice(client: PanelClient): SliceCreator<WorkspaceSlice> {
  return (set) => ({
    workspace: { info: null, error: null },
    loadWorkspace: async () => {
      try {
        set({ workspace: { info: await client.workspaceInfo({}), error: null } });
      } catch (error) {
        set((state) => ({ workspace: { info: state.workspace.info, error: describeFailure(error) } }));
      }
    },
  });
}
