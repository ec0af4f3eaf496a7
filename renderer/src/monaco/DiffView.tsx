import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { useAppStore } from '../store/app-store-context';
import { loadMonaco } from './load-monaco';
import { MONACO_THEMES } from './monaco-themes';

export interface DiffViewProps {
  readonly original: string;
  readonly modified: string;
  /** What each side is, shown above it ("v_… stable, 12:04" / "Current file"). */
  readonly originalLabel: string;
  readonly modifiedLabel: string;
  readonly ariaLabel: string;
  readonly sideBySide?: boolean;
  readonly ignoreWhitespace?: boolean;
  /** Fold long runs of unchanged lines (a click unfolds them). Default true. */
  readonly collapseUnchanged?: boolean;
  readonly language?: string;
  readonly testId?: string;
}

interface Mounted {
  readonly editor: Monaco.editor.IStandaloneDiffEditor;
  readonly original: Monaco.editor.ITextModel;
  readonly modified: Monaco.editor.ITextModel;
}

/** Below this width (about 50 columns a side) side by side is unreadable. */
const SIDE_BY_SIDE_MIN_WIDTH = 760;

function useWideEnough(element: React.RefObject<HTMLElement | null>, minimum: number): boolean {
  const [wide, setWide] = useState(true);
  useEffect(() => {
    const target = element.current;
    if (target === null || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(([entry]) => {
      if (entry !== undefined) setWide(entry.contentRect.width >= minimum);
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element, minimum]);
  return wide;
}

/** A read-only Monaco diff (side by side or inline). Its models are disposed with it. */
export function DiffView(props: DiffViewProps) {
  const { original, modified, sideBySide: wantsSideBySide = true, ignoreWhitespace = false, collapseUnchanged = true, language = 'typescript' } = props;
  const theme = useAppStore((state) => state.ui.theme);
  const container = useRef<HTMLDivElement>(null);
  const figure = useRef<HTMLElement>(null);
  // Side by side only where each side gets a readable width; narrower, the diff is inline.
  const sideBySide = wantsSideBySide && useWideEnough(figure, SIDE_BY_SIDE_MIN_WIDTH);
  const mounted = useRef<Mounted | null>(null);
  const [status, setStatus] = useState<{ kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string }>({
    kind: 'loading',
  });
  // The first render's values create the models; later changes go through the effects below.
  const initial = useRef({ original, modified, sideBySide, ignoreWhitespace, collapseUnchanged, theme, language, ariaLabel: props.ariaLabel });

  useEffect(() => {
    let disposed = false;
    let created: Mounted | null = null;
    loadMonaco().then(
      ({ monaco }) => {
        const element = container.current;
        if (disposed || element === null) return;
        const first = initial.current;
        const originalModel = monaco.editor.createModel(first.original, first.language);
        const modifiedModel = monaco.editor.createModel(first.modified, first.language);
        const editor = monaco.editor.createDiffEditor(element, {
          automaticLayout: true,
          readOnly: true,
          originalEditable: false,
          renderSideBySide: first.sideBySide,
          useInlineViewWhenSpaceIsLimited: false,
          ignoreTrimWhitespace: first.ignoreWhitespace,
          hideUnchangedRegions: { enabled: first.collapseUnchanged, contextLineCount: 4, minimumLineCount: 6, revealLineCount: 20 },
          renderOverviewRuler: false,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 12.5,
          theme: MONACO_THEMES[first.theme],
          originalAriaLabel: `${first.ariaLabel}: original`,
          modifiedAriaLabel: `${first.ariaLabel}: modified`,
        });
        editor.setModel({ original: originalModel, modified: modifiedModel });
        // Start at the first change, not at line 1 of a long file.
        const firstDiff = editor.onDidUpdateDiff(() => {
          firstDiff.dispose();
          editor.revealFirstDiff();
        });
        created = { editor, original: originalModel, modified: modifiedModel };
        mounted.current = created;
        setStatus({ kind: 'ready' });
      },
      (error: unknown) => {
        if (!disposed) setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      disposed = true;
      if (created !== null) {
        created.editor.dispose();
        created.original.dispose();
        created.modified.dispose();
      }
      mounted.current = null;
    };
  }, []);

  useEffect(() => {
    const current = mounted.current;
    if (current === null) return;
    if (current.original.getValue() === original && current.modified.getValue() === modified) return;
    const reveal = current.editor.onDidUpdateDiff(() => {
      reveal.dispose();
      current.editor.revealFirstDiff();
    });
    if (current.original.getValue() !== original) current.original.setValue(original);
    if (current.modified.getValue() !== modified) current.modified.setValue(modified);
  }, [original, modified, status]);

  useEffect(() => {
    // Monaco clears the sides' names on any update that does not repeat them.
    const options: Monaco.editor.IDiffEditorOptions & { originalAriaLabel: string; modifiedAriaLabel: string } = {
      originalAriaLabel: `${props.ariaLabel}: original`,
      modifiedAriaLabel: `${props.ariaLabel}: modified`,
      renderSideBySide: sideBySide,
      ignoreTrimWhitespace: ignoreWhitespace,
      hideUnchangedRegions: { enabled: collapseUnchanged },
    };
    mounted.current?.editor.updateOptions(options);
  }, [sideBySide, ignoreWhitespace, collapseUnchanged, status, props.ariaLabel]);

  useEffect(() => {
    if (status.kind === 'ready') void loadMonaco().then(({ monaco }) => monaco.editor.setTheme(MONACO_THEMES[theme]));
  }, [theme, status]);

  return (
    <figure ref={figure} className="diff" data-testid={props.testId} data-side-by-side={sideBySide} aria-label={props.ariaLabel}>
      <figcaption className={sideBySide ? 'diff__labels' : 'diff__labels diff__labels--inline'}>
        <span className="diff__label diff__label--original" title={props.originalLabel}>
          {props.originalLabel}
        </span>
        {!sideBySide && <span aria-hidden="true">→</span>}
        <span className="diff__label diff__label--modified" title={props.modifiedLabel}>
          {props.modifiedLabel}
        </span>
      </figcaption>
      <div className="diff__editor" aria-busy={status.kind === 'loading'}>
        <div className="editor-host" ref={container} />
        {status.kind === 'loading' && <p className="diff__placeholder">Loading the diff view…</p>}
        {status.kind === 'error' && (
          <p className="diff__placeholder diff__placeholder--error" role="alert">
            The diff view could not load: {status.message}
          </p>
        )}
      </div>
    </figure>
  );
}
