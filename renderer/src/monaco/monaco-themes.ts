import type * as Monaco from 'monaco-editor/editor/editor.api';

export const MONACO_THEMES = { light: 'saraphina-light', dark: 'saraphina-dark' } as const;

/** Editor themes matching the panel's tokens (styles/tokens.css), with readable diff colours. */
export function defineThemes(monaco: typeof Monaco): void {
  monaco.editor.defineTheme(MONACO_THEMES.light, {
    base: 'vs',
    inherit: true,
    // Every colour here reads at 4.5:1 or better on the editor and on the diff backgrounds.
    rules: [
      { token: 'comment', foreground: '1f6a2e' },
      { token: 'string', foreground: '9a2a1a' },
      { token: 'number', foreground: '0b6b4f' },
      { token: 'regexp', foreground: '8a1f1f' },
    ],
    colors: {
      'editor.background': '#ffffff',
      'editorGutter.background': '#f8f9fb',
      'editorLineNumber.foreground': '#5b6572',
      'editorLineNumber.activeForeground': '#1b1f24',
      'editorLineNumber.dimmedForeground': '#5b6572',
      'editor.placeholder.foreground': '#5b6572',
      'diffEditor.insertedTextBackground': '#2da44e33',
      'diffEditor.removedTextBackground': '#cf222e2e',
      'diffEditor.insertedLineBackground': '#dafbe1',
      'diffEditor.removedLineBackground': '#ffebe9',
      'diffEditor.diagonalFill': '#e4e7eb',
    },
  });
  monaco.editor.defineTheme(MONACO_THEMES.dark, {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: 'comment', foreground: '8fc27f' },
      { token: 'string', foreground: 'e4a58a' },
      { token: 'number', foreground: 'c5dfb9' },
      { token: 'keyword', foreground: '7fb4ff' },
      { token: 'type', foreground: '6fd6c1' },
    ],
    colors: {
      'editor.background': '#15191e',
      'editorGutter.background': '#15191e',
      'editorLineNumber.foreground': '#9aa4b0',
      'editorLineNumber.activeForeground': '#e4e8ed',
      'editorLineNumber.dimmedForeground': '#9aa4b0',
      'editor.placeholder.foreground': '#9aa4b0',
      'diffEditor.insertedTextBackground': '#2ea04340',
      'diffEditor.removedTextBackground': '#f8514940',
      'diffEditor.insertedLineBackground': '#2ea04320',
      'diffEditor.removedLineBackground': '#f8514920',
      'diffEditor.diagonalFill': '#2a3038',
    },
  });
}
