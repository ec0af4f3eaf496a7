import type { LateCallsState } from '../../../shared/late-calls';
import type { ModuleId } from '../../../shared/ids';
import type { PanelClient, SliceCreator } from './app-state';

export interface LateCallsSlice {
  /**
   * Late calls of replaced versions, by watch id, as the host last told them: running, or how
   * they ended (kept until dismissed or the module's next change starts).
   */
  readonly lateCalls: Readonly<Record<number, LateCallsState>>;
  /** The ones running now (after a connect: whatever ended meanwhile is in the audit). */
  readonly loadLateCalls: () => Promise<void>;
  readonly receiveLateCalls: (state: LateCallsState) => void;
  /** Forgets how the module's late calls ended (dismissed, or a new change of it started). */
  readonly forgetEndedLateCalls: (module: ModuleId) => void;
}

export function createLateCallsSlice(client: PanelClient): SliceCreator<LateCallsSlice> {
  return (set) => ({
    lateCalls: {},
    loadLateCalls: async () => {
      try {
        const running = await client.listLateCalls({});
        set({ lateCalls: Object.fromEntries(running.map((state) => [state.id, state])) });
      } catch {
        // Shown again with the next change pushed; the audit has every reload's late calls.
      }
    },
    receiveLateCalls: (state) => set((current) => ({ lateCalls: { ...current.lateCalls, [state.id]: state } })),
    forgetEndedLateCalls: (module) =>
      set((current) => ({
        lateCalls: Object.fromEntries(Object.entries(current.lateCalls).filter(([, state]) => state.module !== module || state.phase === 'running')),
      })),
  });
}
