import type * as Monaco from 'monaco-editor/editor/editor.api';

export const MONACO_THEMES = { light: 'saraphina-light', dark: 'saraphina-dark' } as const;

/** Editor themes matching the panel's tokens (styles/tokens.css), with readable diff colours. */
export function defineThemes(monaco: typeof Monaco): void {
  monaco.editor.defineTheme(MONACO_THEMES.light, {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: {
      'editor.background': '#ffffff',
      'editorGutter.background': '#f8f9fb',
      'editorLineNumber.foreground': '#8c96a3',
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
    rules: [],
    colors: {
      'editor.background': '#15191e',
      'editorGutter.background': '#15191e',
      'editorLineNumber.foreground': '#5d6773',
      'diffEditor.insertedTextBackground': '#2ea04340',
      'diffEditor.removedTextBackground': '#f8514940',
      'diffEditor.insertedLineBackground': '#2ea04320',
      'diffEditor.removedLineBackground': '#f8514920',
      'diffEditor.diagonalFill': '#2a3038',
    },
  });
}
