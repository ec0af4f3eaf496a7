import { useEffect } from 'react';
import type { ModuleSource, VersionDetail } from '../../../shared/contract/panel';
import { useAppStore } from './app-store-context';
import type { Loadable } from './files-slice';

/** The module's file as on disk, fetched when first shown and again after every change. */
export function useModuleSource(module: string | null): Loadable<ModuleSource> | null {
  const entry = useAppStore((state) => (module === null ? undefined : state.files.sources[module]));
  const revision = useAppStore((state) => state.files.revision);
  const loadSource = useAppStore((state) => state.loadSource);
  const stale = entry === undefined || (entry.revision < revision && entry.status !== 'loading');
  useEffect(() => {
    if (module !== null && stale) void loadSource(module);
  }, [module, stale, loadSource]);
  return entry ?? (module === null ? null : { status: 'loading', revision });
}

/** A version's content and the module's version before it (fetched once: versions never change). */
export function useVersionDetail(versionId: string | null): Loadable<VersionDetail> | null {
  const entry = useAppStore((state) => (versionId === null ? undefined : state.files.details[versionId]));
  const loadDetail = useAppStore((state) => state.loadDetail);
  useEffect(() => {
    if (versionId !== null && entry === undefined) void loadDetail(versionId);
  }, [versionId, entry, loadDetail]);
  return entry ?? (versionId === null ? null : { status: 'loading', revision: 0 });
}
