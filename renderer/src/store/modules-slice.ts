import type { ModuleOverview } from '../../../shared/contract/panel';
import type { ErrorInfo } from '../../../shared/errors';
import type { ModuleId } from '../../../shared/ids';
import type { PanelClient, SliceCreator } from './app-state';
import { describeFailure } from './describe-failure';

export interface ModulesState {
  readonly list: readonly ModuleOverview[];
  readonly selectedId: ModuleId | null;
  readonly loading: boolean;
  readonly error: ErrorInfo | null;
  /** Counts lists received, so a slow reply cannot overwrite a newer list pushed meanwhile. */
  readonly revision: number;
}

export interface ModulesSlice {
  readonly modules: ModulesState;
  /** Asks for the module list; a failure is recorded in `modules.error`, never thrown. */
  readonly loadModules: () => Promise<void>;
  /** Takes a list pushed by the `modulesChanged` event. */
  readonly receiveModules: (list: readonly ModuleOverview[]) => void;
  readonly selectModule: (id: ModuleId | null) => void;
}

export function createModulesSlice(client: PanelClient): SliceCreator<ModulesSlice> {
  return (set, get) => ({
    modules: { list: [], selectedId: null, loading: false, error: null, revision: 0 },

    loadModules: async () => {
      const startedAt = get().modules.revision;
      set((state) => ({ modules: { ...state.modules, loading: true } }));
      try {
        const list = await client.listModules({});
        if (get().modules.revision === startedAt) get().receiveModules(list);
        set((state) => ({ modules: { ...state.modules, loading: false } }));
      } catch (error) {
        set((state) => ({ modules: { ...state.modules, loading: false, error: describeFailure(error) } }));
      }
    },

    receiveModules: (list) =>
      set((state) => {
        const { selectedId, revision } = state.modules;
        const stillThere = selectedId !== null && list.some((module) => module.id === selectedId);
        return {
          modules: {
            ...state.modules,
            list,
            selectedId: stillThere ? selectedId : null,
            error: null,
            revision: revision + 1,
          },
        };
      }),

    selectModule: (id) => set((state) => ({ modules: { ...state.modules, selectedId: id } })),
  });
}
