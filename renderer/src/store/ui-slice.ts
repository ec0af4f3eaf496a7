import type { SliceCreator } from './app-state';

export type TabId = 'proposals' | 'timeline' | 'audit' | 'console' | 'logs';
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
  { id: 'logs', label: 'Logs', key: '5' },
];

export type NoticeTone = 'info' | 'success' | 'error';

/**
 * A short message at the corner (a reload finished, a rollback happened). Success and info
 * fade by themselves; errors stay until dismissed. Every notice is kept in the history.
 */
export interface Notice {
  readonly id: number;
  readonly tone: NoticeTone;
  readonly text: string;
  readonly detail?: string;
  readonly at?: number;
  /** Offers to restore this version (e.g. "Undo" a rollback: restore the backup it made). */
  readonly restore?: { readonly label: string; readonly versionId: string };
  /** How many times the same notice came in a row (shown once, counted). */
  readonly repeats?: number;
}

export interface UiState {
  readonly tab: TabId;
  readonly theme: Theme;
  readonly notices: readonly Notice[];
  /** Every notice of this session, newest first. */
  readonly noticeHistory: readonly Notice[];
  /** A problem to show in a proposal's code: the editor opens there with a marker. */
  readonly codeFocus: CodeFocus | null;
}

export interface CodeFocus {
  readonly proposalId: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface UiSlice {
  readonly ui: UiState;
  readonly setTab: (tab: TabId) => void;
  readonly setTheme: (theme: Theme) => void;
  readonly notify: (notice: Omit<Notice, 'id'>) => void;
  readonly dismissNotice: (id: number) => void;
  /** Opens the proposal's code at a problem's line, with a marker. */
  readonly showInProposal: (focus: CodeFocus) => void;
}

const MAX_NOTICES = 4;
const MAX_HISTORY = 200;

/** Adds a notice: a repeat of one still shown is counted, not stacked; errors are never evicted by others. */
export function addNotice(notices: readonly Notice[], notice: Notice): Notice[] {
  const same = notices.find((entry) => entry.text === notice.text && entry.detail === notice.detail);
  if (same !== undefined) return notices.map((entry) => (entry === same ? { ...notice, repeats: (same.repeats ?? 1) + 1 } : entry));
  const next = [...notices, notice];
  while (next.length > MAX_NOTICES) {
    const evict = next.findIndex((entry) => entry.tone !== 'error');
    next.splice(evict < 0 ? 0 : evict, 1);
  }
  return next;
}

export function createUiSlice(initial: { theme: Theme; tab?: TabId }): SliceCreator<UiSlice> {
  let nextId = 1;
  return (set) => ({
    ui: { tab: initial.tab ?? 'proposals', theme: initial.theme, notices: [], noticeHistory: [], codeFocus: null },
    setTab: (tab) => set((state) => ({ ui: { ...state.ui, tab } })),
    setTheme: (theme) => set((state) => ({ ui: { ...state.ui, theme } })),
    notify: (notice) =>
      set((state) => {
        const entry: Notice = { at: Date.now(), ...notice, id: nextId++ };
        return {
          ui: {
            ...state.ui,
            notices: addNotice(state.ui.notices, entry),
            noticeHistory: [entry, ...state.ui.noticeHistory].slice(0, MAX_HISTORY),
          },
        };
      }),
    showInProposal: (codeFocus) =>
      set((state) => ({
        ui: { ...state.ui, tab: 'proposals', codeFocus },
        proposals: { ...state.proposals, selectedId: codeFocus.proposalId, apply: { status: 'closed' } },
      })),
    dismissNotice: (id) =>
      set((state) => ({ ui: { ...state.ui, notices: state.ui.notices.filter((notice) => notice.id !== id) } })),
  });
}
