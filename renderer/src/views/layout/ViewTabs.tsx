import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useAppStore } from '../../store/app-store-context';
import { TABS, type TabId } from '../../store/ui-slice';

export const tabId = (tab: TabId) => `tab-${tab}`;
export const panelId = (tab: TabId) => `panel-${tab}`;

/**
 * The views as tabs (WAI-ARIA tabs: arrow keys move between them). Alt+1…5 switch from
 * anywhere in the page; the shortcut is in each tab's title and aria-keyshortcuts.
 */
export function ViewTabs() {
  const tab = useAppStore((state) => state.ui.tab);
  const setTab = useAppStore((state) => state.setTab);
  const selectedModule = useAppStore((state) => state.modules.selectedId);
  const selectModule = useAppStore((state) => state.selectModule);
  const buttons = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((spec) => spec.id === tab);
    const offsets: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    let next: number | undefined = offsets[event.key] === undefined ? undefined : index + (offsets[event.key] ?? 0);
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = TABS.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    const spec = TABS[(next + TABS.length) % TABS.length];
    if (spec === undefined) return;
    setTab(spec.id);
    buttons.current[spec.id]?.focus();
  };

  return (
    <div className="view-tabs">
      <div className="view-tabs__list" role="tablist" aria-label="Views" onKeyDown={move}>
        {TABS.map((spec) => (
          <button
            key={spec.id}
            ref={(element) => {
              buttons.current[spec.id] = element;
            }}
            type="button"
            role="tab"
            id={tabId(spec.id)}
            aria-controls={panelId(spec.id)}
            aria-selected={tab === spec.id}
            aria-keyshortcuts={`Alt+${spec.key}`}
            tabIndex={tab === spec.id ? 0 : -1}
            title={`${spec.label} (Alt+${spec.key})`}
            className="view-tab"
            onClick={() => setTab(spec.id)}
          >
            {spec.label}
            <kbd className="view-tab__key" aria-hidden="true">
              Alt+{spec.key}
            </kbd>
          </button>
        ))}
      </div>
      {selectedModule !== null && (
        <p className="view-tabs__filter" data-testid="module-filter">
          Showing <code>{selectedModule}</code>
          <button type="button" className="link-button" onClick={() => selectModule(null)}>
            Show all modules
          </button>
        </p>
      )}
    </div>
  );
}

/** Alt+1…5 switch views wherever the focus is (Monaco and inputs included). */
export function useTabShortcuts(): void {
  const setTab = useAppStore((state) => state.setTab);
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const spec = TABS.find((candidate) => event.code === `Digit${candidate.key}` || event.key === candidate.key);
      if (spec === undefined) return;
      event.preventDefault();
      setTab(spec.id);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [setTab]);
}
