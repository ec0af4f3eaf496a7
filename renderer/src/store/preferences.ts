import type { AppStore, StoreOptions } from './app-store';
import type { TabId, Theme } from './ui-slice';
import { TABS } from './ui-slice';

const KEY = 'saraphina.panel.preferences';

interface Stored {
  readonly theme?: Theme;
  readonly tab?: TabId;
  readonly consoleHistory?: readonly string[];
}

/** Theme, last view and console history from the last session; the system theme the first time. */
export function readPreferences(storage: Pick<Storage, 'getItem'>, systemPrefersDark: boolean): StoreOptions {
  let stored: Stored = {};
  try {
    stored = JSON.parse(storage.getItem(KEY) ?? '{}') as Stored;
  } catch {
    // Unreadable preferences are ignored: they are only conveniences.
  }
  const theme = stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : systemPrefersDark ? 'dark' : 'light';
  const tab = TABS.some((spec) => spec.id === stored.tab) ? stored.tab : undefined;
  const history = Array.isArray(stored.consoleHistory) ? stored.consoleHistory.filter((line) => typeof line === 'string') : [];
  return { theme, ...(tab === undefined ? {} : { tab }), consoleHistory: history };
}

/** Saves them whenever they change. */
export function persistPreferences(store: AppStore, storage: Pick<Storage, 'setItem'>): () => void {
  let last = '';
  return store.subscribe((state) => {
    const next = JSON.stringify({ theme: state.ui.theme, tab: state.ui.tab, consoleHistory: state.console.history.slice(-50) });
    if (next === last) return;
    last = next;
    try {
      storage.setItem(KEY, next);
    } catch {
      // Storage full or disabled: the panel works without it.
    }
  });
}
