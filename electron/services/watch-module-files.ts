import { existsSync, watch, type FSWatcher } from 'node:fs';

/** Edits often come as several writes (save, format, rename); one notice after they settle. */
const SETTLE_MS = 80;

/**
 * Calls `onChange` when files under the workspace's module folder change on disk (an editor
 * saving, a git checkout, an automatic rollback). Returns a function that stops watching.
 * A folder that cannot be watched is reported once; the panel then updates on its own changes only.
 */
export function watchModuleFiles(dir: string, onChange: () => void, onError: (error: unknown) => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  const changed = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      // The folder itself went away (a workspace being removed): nothing to describe.
      if (existsSync(dir)) onChange();
    }, SETTLE_MS);
    timer.unref();
  };
  try {
    watcher = watch(dir, { recursive: true, persistent: false }, changed);
    watcher.on('error', onError);
  } catch (error) {
    onError(error);
  }
  return () => {
    if (timer !== null) clearTimeout(timer);
    watcher?.close();
  };
}
