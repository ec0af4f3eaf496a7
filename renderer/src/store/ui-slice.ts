import type { SliceCreator } from './app-state';

export type TabId = 'proposals' | 'timeline' | 'audit' | 'console';
export type Theme = 'light' | 'dark';

export interface TabSpec {
  readonly id: TabId;
  readonly label: string;
  /** The digit of the Alt+digit shortcut. */
  readonly key: string;
}

export const TABS: readonly TabSpec[] = [
  { id: 'proposals', label: 'Proposals', key: '1' },
  { id: 'timeline', label: 'Timeline', key: '2' },
  { id: 'audit', label: 'Audit', key: '3' },
  { id: 'console', label: 'Console', key: '4' },
];

export type NoticeTone = 'info' | 'success' | 'error';

/** A short message at the corner (a reload finished, a rollback happened); it fades by itself. */
export interface Notice {
  readonly id: number;
  readonly tone: NoticeTone;
  readonly text: string;
  readonly detail?: string;
}

export interface UiState {
  readonly tab: TabId;
  readonly theme: Theme;
  readonly notices: readonly Notice[];
}

export interface UiSlice {
  readonly ui: UiState;
  readonly setTab: (tab: TabId) => void;
  readonly setTheme: (theme: Theme) => void;
  readonly notify: (notice: Omit<Notice, 'id'>) => void;
  readonly dismissNotice: (id: number) => void;
}

const MAX_NOTICES = 4;

export function createUiSlice(initial: { theme: Theme; tab?: TabId }): SliceCreator<UiSlice> {
  let nextId = 1;
  return (set) => ({
    ui: { tab: initial.tab ?? 'proposals', theme: initial.theme, notices: [] },
    setTab: (tab) => set((state) => ({ ui: { ...state.ui, tab } })),
    setTheme: (theme) => set((state) => ({ ui: { ...state.ui, theme } })),
    notify: (notice) =>
      set((state) => ({ ui: { ...state.ui, notices: [...state.ui.notices, { ...notice, id: nextId++ }].slice(-MAX_NOTICES) } })),
    dismissNotice: (id) =>
      set((state) => ({ ui: { ...state.ui, notices: state.ui.notices.filter((notice) => notice.id !== id) } })),
  });
}
