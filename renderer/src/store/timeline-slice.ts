import type { HistoryChange, RollbackOutcome } from '../../../shared/contract/panel';
import type { ErrorInfo } from '../../../shared/errors';
import type { VersionInfo } from '../../../shared/history';
import type { VersionId } from '../../../shared/ids';
import type { PanelClient, SliceCreator } from './app-state';
import { describeFailure } from './describe-failure';

export type RollbackState =
  | { readonly status: 'idle' }
  | { readonly status: 'confirming' | 'running'; readonly target: VersionInfo }
  | { readonly status: 'error'; readonly target: VersionInfo; readonly error: ErrorInfo };

export interface TimelineState {
  /** Every version of every module, newest first (the views filter by module). */
  readonly versions: readonly VersionInfo[];
  readonly loaded: boolean;
  readonly loading: boolean;
  readonly error: ErrorInfo | null;
  readonly selectedId: VersionId | null;
  /** What the selected version is compared with. */
  readonly compareWith: 'current' | 'previous';
  readonly rollback: RollbackState;
}

export interface TimelineSlice {
  readonly timeline: TimelineState;
  readonly loadVersions: () => Promise<void>;
  /** Takes new and updated entries pushed by `historyChanged`. */
  readonly receiveHistory: (change: HistoryChange) => void;
  readonly selectVersion: (id: VersionId | null) => void;
  readonly setCompareWith: (mode: TimelineState['compareWith']) => void;
  readonly askRollback: (target: VersionInfo) => void;
  readonly cancelRollback: () => void;
  /** Runs the rollback the dialog asked about; the dialog shows a failure, never loses it. */
  readonly confirmRollback: () => Promise<RollbackOutcome | null>;
}

/** Applies pushed changes to a newest-first list: new entries on top, updated ones in place. */
export function mergeHistory(versions: readonly VersionInfo[], change: HistoryChange): VersionInfo[] {
  const updates = new Map(change.updated.map((version) => [version.versionId, version]));
  const known = new Set(versions.map((version) => version.versionId));
  const added = change.added.filter((version) => !known.has(version.versionId));
  const updatedList = updates.size === 0 ? versions : versions.map((version) => updates.get(version.versionId) ?? version);
  return added.length === 0 ? [...updatedList] : [...added, ...updatedList];
}

export function createTimelineSlice(client: PanelClient): SliceCreator<TimelineSlice> {
  // Pushed while a full list is on its way; applied on top of it when it arrives.
  let pending: HistoryChange[] | null = null;
  const setTimeline = (
    set: Parameters<SliceCreator<TimelineSlice>>[0],
    update: (timeline: TimelineState) => Partial<TimelineState>,
  ) => set((state) => ({ timeline: { ...state.timeline, ...update(state.timeline) } }));

  return (set, get) => ({
    timeline: {
      versions: [],
      loaded: false,
      loading: false,
      error: null,
      selectedId: null,
      compareWith: 'current',
      rollback: { status: 'idle' },
    },

    loadVersions: async () => {
      pending = [];
      setTimeline(set, () => ({ loading: true }));
      try {
        let versions: readonly VersionInfo[] = await client.listVersions({});
        for (const change of pending) versions = mergeHistory(versions, change);
        setTimeline(set, () => ({ versions, loaded: true, loading: false, error: null }));
      } catch (error) {
        setTimeline(set, () => ({ loading: false, error: describeFailure(error) }));
      } finally {
        pending = null;
      }
    },

    receiveHistory: (change) => {
      pending?.push(change);
      setTimeline(set, (timeline) => ({ versions: mergeHistory(timeline.versions, change) }));
    },

    selectVersion: (selectedId) => setTimeline(set, () => ({ selectedId })),
    setCompareWith: (compareWith) => setTimeline(set, () => ({ compareWith })),
    askRollback: (target) => setTimeline(set, () => ({ rollback: { status: 'confirming', target } })),
    cancelRollback: () =>
      setTimeline(set, (timeline) => (timeline.rollback.status === 'running' ? {} : { rollback: { status: 'idle' } })),

    confirmRollback: async () => {
      const { rollback } = get().timeline;
      if (rollback.status !== 'confirming' && rollback.status !== 'error') return null;
      const { target } = rollback;
      setTimeline(set, () => ({ rollback: { status: 'running', target } }));
      try {
        const outcome = await client.rollbackToVersion({ versionId: target.versionId });
        // The rolledBack event tells every panel (this one too) with a notice.
        setTimeline(set, () => ({ rollback: { status: 'idle' }, selectedId: outcome.versionId }));
        return outcome;
      } catch (error) {
        setTimeline(set, () => ({ rollback: { status: 'error', target, error: describeFailure(error) } }));
        return null;
      }
    },
  });
}
