import type { AutoReloadState } from '../../../shared/contract/panel';
import type { ErrorInfo } from '../../../shared/errors';
import type { ModuleId } from '../../../shared/ids';
import type { PanelClient, SliceCreator } from './app-state';
import { describeFailure } from './describe-failure';

export interface AutoReloadSliceState {
  /** The workspace's setting as the host says it; null until read. */
  readonly setting: AutoReloadState | null;
  readonly saving: boolean;
  readonly error: ErrorInfo | null;
  /** Modules a save is being reloaded for right now (their reload is told by auto-reload, once). */
  readonly reloading: readonly ModuleId[];
}

export interface AutoReloadSlice {
  readonly autoReload: AutoReloadSliceState;
  readonly loadAutoReload: () => Promise<void>;
  /** Turns auto-reload on save on or off for the workspace; a failure is shown beside the toggle. */
  readonly setAutoReload: (enabled: boolean) => Promise<void>;
  readonly receiveAutoReload: (setting: AutoReloadState) => void;
  readonly autoReloadStarted: (module: ModuleId) => void;
  readonly autoReloadFinished: (module: ModuleId) => void;
}

export function createAutoReloadSlice(client: PanelClient): SliceCreator<AutoReloadSlice> {
  return (set) => {
    const update = (change: (state: AutoReloadSliceState) => Partial<AutoReloadSliceState>) =>
      set((state) => ({ autoReload: { ...state.autoReload, ...change(state.autoReload) } }));
    return {
      autoReload: { setting: null, saving: false, error: null, reloading: [] },
      loadAutoReload: async () => {
        try {
          const setting = await client.autoReloadState({});
          update(() => ({ setting, error: null }));
        } catch (error) {
          update(() => ({ error: describeFailure(error) }));
        }
      },
      setAutoReload: async (enabled) => {
        update(() => ({ saving: true, error: null }));
        try {
          const setting = await client.setAutoReload({ enabled });
          update(() => ({ setting, saving: false }));
        } catch (error) {
          update(() => ({ saving: false, error: describeFailure(error) }));
        }
      },
      receiveAutoReload: (setting) => update(() => ({ setting })),
      autoReloadStarted: (module) => update((state) => ({ reloading: [...state.reloading, module] })),
      autoReloadFinished: (module) =>
        update((state) => {
          const index = state.reloading.indexOf(module);
          return index < 0 ? {} : { reloading: state.reloading.filter((_, at) => at !== index) };
        }),
    };
  };
}
