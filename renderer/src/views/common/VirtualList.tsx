import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface VirtualListProps<T> {
  readonly items: readonly T[];
  readonly rowHeight: number;
  readonly getKey: (item: T) => string;
  readonly renderRow: (item: T, index: number, selected: boolean) => ReactNode;
  /** The row's accessible name (a row's content is often more than a screen reader needs). */
  /** An accessible name for a row; by default its visible text is its name (which then cannot drift from it). */
  readonly describeRow?: (item: T) => string;
  readonly selectedKey: string | null;
  readonly onSelect: (item: T) => void;
  readonly ariaLabel: string;
  readonly overscan?: number;
  readonly testId?: string;
  /** More items exist beyond the last (loaded in pages): asked for when the end comes into view. */
  readonly onNearEnd?: () => void;
}

const FALLBACK_HEIGHT = 600;

/**
 * A listbox that renders only the rows in view (plus a few), so ten thousand entries scroll
 * as smoothly as ten. Rows have a fixed height. Arrow keys, Page Up/Down, Home and End move
 * the selection and keep it in view.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, getKey, selectedKey, onSelect, overscan = 8, onNearEnd } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(FALLBACK_HEIGHT);
  const idPrefix = useRef(`vl-${Math.random().toString(36).slice(2, 8)}`).current;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    const measure = () => setHeight(element.clientHeight || FALLBACK_HEIGHT);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const selectedIndex = selectedKey === null ? -1 : items.findIndex((item) => getKey(item) === selectedKey);

  const scrollIntoView = useCallback(
    (index: number) => {
      const element = scroller.current;
      if (element === null) return;
      const top = index * rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + rowHeight - element.clientHeight;
    },
    [rowHeight],
  );

  useEffect(() => {
    if (selectedIndex >= 0) scrollIntoView(selectedIndex);
  }, [selectedIndex, scrollIntoView]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (items.length === 0) return;
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: selectedIndex + 1,
      ArrowUp: selectedIndex - 1,
      PageDown: selectedIndex + page,
      PageUp: selectedIndex - page,
      Home: 0,
      End: items.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const item = items[Math.min(items.length - 1, Math.max(0, target))];
    if (item !== undefined) onSelect(item);
  };

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  // The end is in view (or the list does not fill its height): ask for the next page.
  const endInView = last >= items.length - overscan;
  useEffect(() => {
    if (endInView) onNearEnd?.();
  }, [endInView, items.length, onNearEnd]);
  const setSize = onNearEnd === undefined ? items.length : -1;
  const rows: ReactNode[] = [];
  for (let index = first; index < last; index += 1) {
    const item = items[index] as T;
    const key = getKey(item);
    const selected = key === selectedKey;
    rows.push(
      <div
        key={key}
        id={`${idPrefix}-${index}`}
        role="option"
        aria-selected={selected}
        aria-posinset={index + 1}
        aria-setsize={setSize}
        aria-label={props.describeRow?.(item)}
        className={selected ? 'virtual-row virtual-row--selected' : 'virtual-row'}
        style={{ top: index * rowHeight, height: rowHeight }}
        onClick={() => onSelect(item)}
      >
        {props.renderRow(item, index, selected)}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      className="virtual-list"
      role="listbox"
      tabIndex={0}
      aria-label={props.ariaLabel}
      aria-activedescendant={selectedIndex >= first && selectedIndex < last ? `${idPrefix}-${selectedIndex}` : undefined}
      data-testid={props.testId}
      data-count={items.length}
      onKeyDown={onKeyDown}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div className="virtual-list__spacer" style={{ height: items.length * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
