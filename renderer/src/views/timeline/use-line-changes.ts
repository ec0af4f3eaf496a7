import { useEffect } from 'react';
import type { LineChange } from '../../../../shared/contract/panel';
import { useAppStore } from '../../store/app-store-context';

/** Asks for a shown version's line counts while they are not known (the store batches the asks). */
export function useWantLineChanges(versionId: string | null, known: LineChange | undefined): void {
  const want = useAppStore((state) => state.wantLineChanges);
  const missing = versionId !== null && known === undefined;
  useEffect(() => {
    if (missing) want([versionId]);
  }, [missing, versionId, want]);
}
