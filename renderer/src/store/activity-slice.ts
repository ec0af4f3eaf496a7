import type { ChangeActivity } from '../../../shared/contract/panel';
import type { SliceCreator } from './app-state';

/** Changes the main process is making right now (a reload, a rollback, an apply). */
export interface ActivityState {
  readonly running: readonly ChangeActivity[];
}

export interface ActivitySlice {
  readonly activity: ActivityState;
  readonly changeStarted: (change: ChangeActivity) => void;
  readonly changeFinished: (change: ChangeActivity) => void;
}

export function createActivitySlice(): SliceCreator<ActivitySlice> {
  return (set) => ({
    activity: { running: [] },
    changeStarted: (change) => set((state) => ({ activity: { running: [...state.activity.running, change] } })),
    changeFinished: (change) =>
      set((state) => {
        const index = state.activity.running.findIndex(
          (entry) => entry.change === change.change && entry.module === change.module,
        );
        if (index < 0) return state;
        const running = [...state.activity.running];
        running.splice(index, 1);
        return { activity: { running } };
      }),
  });
}
