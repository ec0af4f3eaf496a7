import type { HistoryChange, LineChange, RollbackOutcome } from '../../../shared/contract/panel';
import type { ErrorInfo } from '../../../shared/errors';
import type { VersionInfo } from '../../../shared/history';
import type { ProposalId, VersionId } from '../../../shared/ids';
import type { PanelClient, SliceCreator } from './app-state';
import { describeFailure } from './describe-failure';

export type RollbackState =
  | { readonly status: 'idle' }
  | { readonly status: 'confirming' | 'running'; readonly target: VersionInfo }
  | { readonly status: 'error'; readonly target: VersionInfo; readonly error: ErrorInfo };

/** Versions asked for at a time: the newest page first, older ones as the user goes back. */
export const VERSION_PAGE_SIZE = 1_000;

export interface TimelineState {
  /** The versions loaded so far, of every module, newest first (the views filter by module). */
  readonly versions: readonly VersionInfo[];
  readonly loaded: boolean;
  readonly loading: boolean;
  /** Where the next older page starts; null once the oldest version is loaded. */
  readonly olderFrom: VersionId | null;
  readonly loadingOlder: boolean;
  readonly error: ErrorInfo | null;
  readonly selectedId: VersionId | null;
  /** What the selected version is compared with. */
  readonly compareWith: 'current' | 'previous';
  readonly rollback: RollbackState;
  /** Lines each shown version added and removed (asked for as they come into view; absent until known). */
  readonly lineChanges: ReadonlyMap<string, LineChange>;
  /** What the lanes and the list show (with the sidebar's module): both views filter alike. */
  readonly filter: TimelineFilter;
}

export type StateFilter = 'all' | 'stable' | 'probation' | 'failed' | 'restored' | 'proposal';

export interface TimelineFilter {
  /** Matches the reason, id, hash, proposal id or the proposal's feature text. */
  readonly text: string;
  readonly state: StateFilter;
  /** Only the versions of this proposal; null for all. */
  readonly proposal: ProposalId | null;
}

export interface TimelineSlice {
  readonly timeline: TimelineState;
  /** The newest page of the history (again after a reconnect). */
  readonly loadVersions: () => Promise<void>;
  /** The next older page, when there is one; the views ask as the user scrolls or zooms back. */
  readonly loadOlderVersions: () => Promise<void>;
  /** Takes new and updated entries pushed by `historyChanged`. */
  readonly receiveHistory: (change: HistoryChange) => void;
  readonly selectVersion: (id: VersionId | null) => void;
  readonly setCompareWith: (mode: TimelineState['compareWith']) => void;
  readonly setTimelineFilter: (change: Partial<TimelineFilter>) => void;
  /** Asks for the line counts of versions being shown (batched; known or pending ones are not asked again). */
  readonly wantLineChanges: (versionIds: readonly string[]) => void;
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

/** Older entries below the loaded ones; an entry already there (pushed meanwhile) is not repeated. */
function appendOlder(versions: readonly VersionInfo[], older: readonly VersionInfo[]): VersionInfo[] {
  const known = new Set(versions.map((version) => version.versionId));
  return [...versions, ...older.filter((version) => !known.has(version.versionId))];
}

export function createTimelineSlice(client: PanelClient): SliceCreator<TimelineSlice> {
  // Pushed while the first page is on its way; applied on top of it when it arrives.
  let pending: HistoryChange[] | null = null;
  // A new first load (a reconnect, another workspace) makes older pages still on their way stale.
  let generation = 0;
  const setTimeline = (
    set: Parameters<SliceCreator<TimelineSlice>>[0],
    update: (timeline: TimelineState) => Partial<TimelineState>,
  ) => set((state) => ({ timeline: { ...state.timeline, ...update(state.timeline) } }));

  return (set, get) => {
    // Counts are asked for what is on screen (rows, marks in view, the selected version), in
    // batches: counting reads stored contents in the agent's process, so nothing is counted unseen.
    const wanted = new Set<string>();
    const inFlight = new Set<string>();
    let scheduled = false;
    const flush = async (): Promise<void> => {
      scheduled = false;
      const ids = [...wanted].slice(0, VERSION_PAGE_SIZE);
      if (ids.length === 0) return;
      const mine = generation;
      for (const id of ids) {
        wanted.delete(id);
        inFlight.add(id);
      }
      try {
        const changes = await client.versionLineChanges({ versionIds: ids });
        if (mine === generation) setTimeline(set, (timeline) => ({ lineChanges: new Map([...timeline.lineChanges, ...Object.entries(changes)]) }));
      } catch {
        // The counts are extra: the entries show without them.
      } finally {
        for (const id of ids) inFlight.delete(id);
      }
      if (wanted.size > 0) schedule();
    };
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      setTimeout(() => void flush(), 0);
    };
    return {
      timeline: {
        versions: [],
        loaded: false,
        loading: false,
        olderFrom: null,
        loadingOlder: false,
        error: null,
        selectedId: null,
        compareWith: 'current',
        rollback: { status: 'idle' },
        lineChanges: new Map(),
        filter: { text: '', state: 'all', proposal: null },
      },

      loadVersions: async () => {
        generation += 1;
        const mine = generation;
        pending = [];
        setTimeline(set, () => ({ loading: true, loadingOlder: false }));
        try {
          const page = await client.listVersionsPage({ limit: VERSION_PAGE_SIZE });
          if (mine !== generation) return;
          let versions: readonly VersionInfo[] = page.versions;
          for (const change of pending ?? []) versions = mergeHistory(versions, change);
          setTimeline(set, () => ({ versions, olderFrom: page.next, loaded: true, loading: false, error: null, lineChanges: new Map() }));
          wanted.clear();
        } catch (error) {
          if (mine === generation) setTimeline(set, () => ({ loading: false, error: describeFailure(error) }));
        } finally {
          if (mine === generation) pending = null;
        }
      },

      loadOlderVersions: async () => {
        const { olderFrom, loadingOlder, loading } = get().timeline;
        if (olderFrom === null || loadingOlder || loading) return;
        const mine = generation;
        setTimeline(set, () => ({ loadingOlder: true }));
        try {
          const page = await client.listVersionsPage({ before: olderFrom, limit: VERSION_PAGE_SIZE });
          if (mine !== generation) return;
          setTimeline(set, (timeline) => ({ versions: appendOlder(timeline.versions, page.versions), olderFrom: page.next, loadingOlder: false }));
          } catch (error) {
          if (mine === generation) setTimeline(set, () => ({ loadingOlder: false, error: describeFailure(error) }));
        }
      },

      receiveHistory: (change) => {
        pending?.push(change);
        setTimeline(set, (timeline) => ({ versions: mergeHistory(timeline.versions, change) }));
        },

      selectVersion: (selectedId) => setTimeline(set, () => ({ selectedId })),
      setCompareWith: (compareWith) => setTimeline(set, () => ({ compareWith })),
      wantLineChanges: (ids) => {
        const known = get().timeline.lineChanges;
        for (const id of ids) if (!known.has(id) && !inFlight.has(id)) wanted.add(id);
        if (wanted.size > 0) schedule();
      },
      setTimelineFilter: (change) => setTimeline(set, (timeline) => ({ filter: { ...timeline.filter, ...change } })),
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
    };
  };
}
