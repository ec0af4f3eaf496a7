import type { ModuleSource, VersionDetail } from '../../../shared/contract/panel';
import type { ErrorInfo } from '../../../shared/errors';
import type { PanelClient, SliceCreator } from './app-state';
import { describeFailure } from './describe-failure';

/** A value fetched from the main process; `revision` says how fresh it is (see FilesState). */
export type Loadable<T> =
  | { readonly status: 'loading'; readonly revision: number; readonly value?: T }
  | { readonly status: 'ready'; readonly revision: number; readonly value: T }
  | { readonly status: 'error'; readonly revision: number; readonly error: ErrorInfo };

export interface FilesState {
  /** Module files as on disk, by module id. */
  readonly sources: Readonly<Record<string, Loadable<ModuleSource>>>;
  /** Version contents (immutable once recorded), by version id. */
  readonly details: Readonly<Record<string, Loadable<VersionDetail>>>;
  /**
   * Bumped whenever a file may have changed (a reload, a rollback, an apply). A source fetched
   * at an older revision is stale: views showing it fetch it again and keep the old text meanwhile.
   */
  readonly revision: number;
}

export interface FilesSlice {
  readonly files: FilesState;
  readonly loadSource: (module: string) => Promise<void>;
  readonly loadDetail: (versionId: string) => Promise<void>;
  readonly filesMayHaveChanged: () => void;
}

export function createFilesSlice(client: PanelClient): SliceCreator<FilesSlice> {
  const putSource = (module: string, entry: Loadable<ModuleSource>) => (state: { files: FilesState }) => ({
    files: { ...state.files, sources: { ...state.files.sources, [module]: entry } },
  });
  const putDetail = (versionId: string, entry: Loadable<VersionDetail>) => (state: { files: FilesState }) => ({
    files: { ...state.files, details: { ...state.files.details, [versionId]: entry } },
  });
  return (set, get) => ({
    files: { sources: {}, details: {}, revision: 0 },

    loadSource: async (module) => {
      const revision = get().files.revision;
      const previous = get().files.sources[module];
      const kept = previous?.status === 'ready' ? { value: previous.value } : {};
      set(putSource(module, { status: 'loading', revision, ...kept }));
      try {
        const value = await client.moduleSource({ module });
        set(putSource(module, { status: 'ready', revision, value }));
      } catch (error) {
        set(putSource(module, { status: 'error', revision, error: describeFailure(error) }));
      }
    },

    loadDetail: async (versionId) => {
      const existing = get().files.details[versionId];
      if (existing !== undefined && existing.status !== 'error') return;
      set(putDetail(versionId, { status: 'loading', revision: 0 }));
      try {
        const value = await client.versionDetail({ versionId });
        set(putDetail(versionId, { status: 'ready', revision: 0, value }));
      } catch (error) {
        set(putDetail(versionId, { status: 'error', revision: 0, error: describeFailure(error) }));
      }
    },

    filesMayHaveChanged: () => set((state) => ({ files: { ...state.files, revision: state.files.revision + 1 } })),
  });
}
