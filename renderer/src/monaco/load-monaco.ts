import type * as MonacoSetup from './monaco-setup';

/** Monaco as loaded by monaco-setup.ts. */
export type MonacoModule = typeof MonacoSetup;

let loading: Promise<MonacoModule> | null = null;

/**
 * Loads Monaco on first use (a separate chunk with its workers and styles). A failed load is
 * not cached, so the next editor to mount tries again.
 */
export function loadMonaco(): Promise<MonacoModule> {
  loading ??= import('./monaco-setup').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
