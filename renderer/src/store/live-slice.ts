import type { ProposalLive } from '../../../shared/contract/panel';
import type { ErrorInfo } from '../../../shared/errors';
import type { PanelClient, SliceCreator } from './app-state';
import { describeFailure } from './describe-failure';

/** Module actions the sidebar offers (reload from disk, end probation either way). */
export type ModuleAction = 'reload' | 'stable' | 'roll_back';

/**
 * The main process's model of what is live, beyond the module list: each proposal's lifecycle
 * as the history says it, and the module actions in progress or failed.
 */
export interface LiveState {
  readonly proposals: Readonly<Record<string, ProposalLive>>;
  readonly busy: Readonly<Record<string, ModuleAction>>;
  readonly failure: { readonly module: string; readonly action: ModuleAction; readonly error: ErrorInfo } | null;
}

export interface LiveSlice {
  readonly live: LiveState;
  readonly loadLiveProposals: () => Promise<void>;
  readonly receiveLiveProposals: (list: readonly ProposalLive[]) => void;
  readonly reloadModule: (module: string) => Promise<void>;
  readonly endProbation: (module: string, outcome: 'stable' | 'roll_back') => Promise<void>;
}

export function createLiveSlice(client: PanelClient): SliceCreator<LiveSlice> {
  return (set, get) => {
    const patch = (update: (state: LiveState) => Partial<LiveState>) => set((state) => ({ live: { ...state.live, ...update(state.live) } }));
    const act = async (module: string, action: ModuleAction, run: () => Promise<unknown>): Promise<void> => {
      patch((state) => ({ busy: { ...state.busy, [module]: action }, failure: null }));
      try {
        await run();
      } catch (error) {
        patch(() => ({ failure: { module, action, error: describeFailure(error) } }));
      } finally {
        patch((state) => {
          const { [module]: _done, ...busy } = state.busy;
          return { busy };
        });
      }
    };
    return {
      live: { proposals: {}, busy: {}, failure: null },
      loadLiveProposals: async () => {
        try {
          get().receiveLiveProposals(await client.liveProposals({}));
        } catch {
          // The proposals view falls back to each record's own status until the next push.
        }
      },
      receiveLiveProposals: (list) => patch(() => ({ proposals: Object.fromEntries(list.map((entry) => [entry.id, entry])) })),
      reloadModule: (module) => act(module, 'reload', () => client.reloadModule({ module })),
      endProbation: (module, outcome) => act(module, outcome, () => client.endProbation({ module, outcome })),
    };
  };
}
