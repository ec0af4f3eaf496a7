import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { useAppStore } from '../store/app-store-context';
import { loadMonaco } from './load-monaco';
import { MONACO_THEMES } from './monaco-themes';

export interface CodeEditorProps {
  readonly value: string;
  readonly onChange?: (value: string) => void;
  readonly ariaLabel: string;
  readonly readOnly?: boolean;
  /** The model's URI (e.g. file:///modules/knowledge_engine.proposal.ts) so imports resolve. */
  readonly path?: string;
  readonly language?: string;
  readonly testId?: string;
  /** Shown while the editor is empty; never part of the value. */
  readonly placeholder?: string;
  /** Problems to mark in the code; the editor scrolls to the first and puts the cursor there. */
  readonly problems?: readonly { readonly line: number; readonly column: number; readonly message: string }[];
}

/** A Monaco code editor for one text. Its model is disposed with it. */
export function CodeEditor(props: CodeEditorProps) {
  const { value, readOnly = false, language = 'typescript' } = props;
  const theme = useAppStore((state) => state.ui.theme);
  const container = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const [status, setStatus] = useState<{ kind: 'loading' | 'ready' } | { kind: 'error'; message: string }>({ kind: 'loading' });
  const initial = useRef({ value, readOnly, language, theme, path: props.path, ariaLabel: props.ariaLabel, placeholder: props.placeholder });
  const exit = useRef<HTMLParagraphElement>(null);
  const [tabMovesFocus, setTabMovesFocus] = useState(false);

  useEffect(() => {
    let disposed = false;
    let created: { editor: Monaco.editor.IStandaloneCodeEditor; model: Monaco.editor.ITextModel } | null = null;
    loadMonaco().then(
      ({ monaco }) => {
        const element = container.current;
        if (disposed || element === null) return;
        const first = initial.current;
        const uri = first.path === undefined ? undefined : monaco.Uri.parse(first.path);
        if (uri !== undefined) monaco.editor.getModel(uri)?.dispose();
        const model = monaco.editor.createModel(first.value, first.language, uri);
        const editor = monaco.editor.create(element, {
          model,
          automaticLayout: true,
          readOnly: first.readOnly,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 13,
          tabSize: 2,
          theme: MONACO_THEMES[first.theme],
          ariaLabel: first.ariaLabel,
          ...(first.placeholder === undefined ? {} : { placeholder: first.placeholder }),
        });
        // No keyboard trap (WCAG 2.1.2): Esc leaves the editor to the hint after it, from where
        // Tab and Shift+Tab go on; unless a widget (suggestions, find) is open and Esc closes it.
        editor.addCommand(monaco.KeyCode.Escape, () => exit.current?.focus(), '!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !renameInputVisible');
        model.onDidChangeContent(() => onChange.current?.(model.getValue()));
        created = { editor, model };
        editorRef.current = editor;
        setStatus({ kind: 'ready' });
      },
      (error: unknown) => {
        if (!disposed) setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      disposed = true;
      created?.editor.dispose();
      created?.model.dispose();
      editorRef.current = null;
    };
  }, []);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model !== null && model !== undefined && model.getValue() !== value) model.setValue(value);
  }, [value, status]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly });
  }, [readOnly, status]);

  useEffect(() => {
    editorRef.current?.updateOptions({ tabFocusMode: tabMovesFocus });
  }, [tabMovesFocus, status]);

  const problems = props.problems;
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (editor === null || model === null || model === undefined || status.kind !== 'ready') return;
    void loadMonaco().then(({ monaco }) => {
      const markers = (problems ?? []).map((problem) => ({
        severity: monaco.MarkerSeverity.Error,
        message: problem.message,
        startLineNumber: problem.line,
        startColumn: problem.column,
        endLineNumber: problem.line,
        endColumn: model.getLineMaxColumn(Math.min(problem.line, model.getLineCount())),
      }));
      monaco.editor.setModelMarkers(model, 'saraphina', markers);
      const [first] = problems ?? [];
      if (first !== undefined) {
        editor.revealLineInCenter(first.line);
        editor.setPosition({ lineNumber: first.line, column: first.column });
        editor.focus();
      }
    });
  }, [problems, status]);

  useEffect(() => {
    if (status.kind === 'ready') void loadMonaco().then(({ monaco }) => monaco.editor.setTheme(MONACO_THEMES[theme]));
  }, [theme, status]);

  return (
    <div className="code-editor" data-testid={props.testId}>
      <div className="code-editor__host" aria-busy={status.kind === 'loading'}>
        <div className="editor-host" ref={container} />
        {status.kind === 'loading' && <p className="diff__placeholder">Loading the editor…</p>}
        {status.kind === 'error' && (
          <p className="diff__placeholder diff__placeholder--error" role="alert">
            The editor could not load: {status.message}
          </p>
        )}
      </div>
      <p className="code-editor__keys" ref={exit} tabIndex={-1}>
        <span>
          <kbd>Esc</kbd> leaves the editor · <kbd>Alt</kbd>+<kbd>F1</kbd> accessibility help ·{' '}
        </span>
        <label className="checkbox code-editor__tab-focus">
          <input type="checkbox" checked={tabMovesFocus} onChange={(event) => setTabMovesFocus(event.target.checked)} />
          <kbd>Tab</kbd> moves focus (instead of indenting)
        </label>
      </p>
    </div>
  );
}
