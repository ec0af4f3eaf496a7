import type { AppStore, StoreOptions } from './app-store';
import type { ProposalDraft } from './proposals-slice';
import type { TabId, Theme } from './ui-slice';
import { TABS } from './ui-slice';

const KEY = 'saraphina.panel.preferences';

interface Stored {
  readonly theme?: Theme;
  readonly tab?: TabId;
  readonly consoleHistory?: readonly string[];
  readonly drafts?: Readonly<Record<string, unknown>>;
}

/** Theme, last view, console history and unsaved drafts from the last session; the system theme the first time. */
export function readPreferences(
  storage: Pick<Storage, 'getItem'>,
  systemPrefersDark: boolean,
  carried: Record<string, unknown> | null = null,
): StoreOptions {
  let stored: Stored = {};
  try {
    stored = JSON.parse(storage.getItem(KEY) ?? '{}') as Stored;
  } catch {
    // Unreadable preferences are ignored: they are only conveniences.
  }
  const theme = stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : systemPrefersDark ? 'dark' : 'light';
  const tab = TABS.some((spec) => spec.id === stored.tab) ? stored.tab : undefined;
  const history = Array.isArray(stored.consoleHistory) ? stored.consoleHistory.filter((line) => typeof line === 'string') : [];
  return { theme, ...(tab === undefined ? {} : { tab }), consoleHistory: history, drafts: { ...readDrafts(stored.drafts), ...readDrafts(carried) } };
}

/** Drafts survive a reload or a host restart; anything malformed is dropped. */
function readDrafts(value: unknown): Record<string, ProposalDraft> {
  if (typeof value !== 'object' || value === null) return {};
  const drafts: Record<string, ProposalDraft> = {};
  for (const [id, draft] of Object.entries(value as Record<string, unknown>)) {
    const entry = draft as Partial<ProposalDraft> | null;
    if (entry === null || typeof entry.code !== 'string' || (entry.tests !== null && typeof entry.tests !== 'string')) continue;
    drafts[id] = {
      code: entry.code,
      tests: entry.tests,
      ...(typeof entry.feature === 'string' ? { feature: entry.feature } : {}),
      ...(entry.mode === 'append' || entry.mode === 'replace' ? { mode: entry.mode } : {}),
      ...(typeof entry.target === 'string' ? { target: entry.target } : {}),
    };
  }
  return drafts;
}

/** Saves them whenever they change. */
export function persistPreferences(store: AppStore, storage: Pick<Storage, 'setItem'>): () => void {
  let last = '';
  return store.subscribe((state) => {
    const next = JSON.stringify({
      theme: state.ui.theme,
      tab: state.ui.tab,
      consoleHistory: state.console.history.slice(-50),
      drafts: state.proposals.drafts,
    });
    if (next === last) return;
    last = next;
    try {
      storage.setItem(KEY, next);
    } catch {
      // Storage full or disabled: the panel works without it.
    }
  });
}
