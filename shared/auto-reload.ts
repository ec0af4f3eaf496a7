import type { ReloadRecord } from './history';
import type { ModuleId } from './ids';

/** Auto-reload on save, a per-workspace setting (off until turned on). */
export interface AutoReloadState {
  readonly enabled: boolean;
  /** Why saves cannot be watched (the folder cannot be watched, the setting cannot be saved); null when all is well. */
  readonly problem: string | null;
}

/**
 * A saved module file being reloaded by auto-reload: `started` once the file is known to differ
 * from the code that runs, `finished` with the reload's record (a failed one left the old code serving).
 */
export type AutoReloadEvent =
  | { readonly phase: 'started'; readonly module: ModuleId }
  | { readonly phase: 'finished'; readonly module: ModuleId; readonly record: ReloadRecord };

/** The reason recorded on the versions and reloads auto-reload makes. */
export const AUTO_RELOAD_REASON = 'auto-reload on save';
