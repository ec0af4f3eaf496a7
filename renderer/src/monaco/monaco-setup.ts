/*
 * Monaco, bundled: the editor core, the contributions a code editor and a diff view need, and
 * the TypeScript language with its worker. Nothing comes from a CDN; the workers are built
 * files of this app (worker-src 'self'). Loaded lazily (see load-monaco.ts), so the first paint
 * never waits for it.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import editorWorkerUrl from 'monaco-editor/editor/editor.worker?worker&url';
import typeScriptWorkerUrl from 'monaco-editor/language/typescript/ts.worker?worker&url';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/features/documentSymbols/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/features/placeholderText/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/tokenization/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/common/standaloneStrings';
// Services some of the contributions above ask for; without them Monaco throws at run time.
import 'monaco-editor/editor/common/services/treeViewsDndService';
import 'monaco-editor/editor/contrib/codelens/browser/codeLensCache';
import 'monaco-editor/languages/definitions/typescript/register';
import { typescriptDefaults, ScriptTarget, ModuleKind, ModuleResolutionKind } from 'monaco-editor/languages/features/typescript/register';
import { defineThemes } from './monaco-themes';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return startWorker(label === 'typescript' || label === 'javascript' ? typeScriptWorkerUrl : editorWorkerUrl, label);
  },
};

/**
 * A module worker from the app's own files. Where the page's origin may not start one from a
 * URL directly (some file:// setups refuse with a SecurityError), a blob worker (worker-src
 * blob: is allowed) imports the same file instead. Nothing is fetched from elsewhere.
 */
function startWorker(url: string, name: string): Worker {
  const href = new URL(url, import.meta.url).href;
  try {
    return new Worker(href, { type: 'module', name });
  } catch {
    const source = new Blob([`import ${JSON.stringify(href)};`], { type: 'text/javascript' });
    return new Worker(URL.createObjectURL(source), { type: 'module', name });
  }
}

typescriptDefaults.setCompilerOptions({
  target: ScriptTarget.ES2020,
  module: ModuleKind.ESNext,
  moduleResolution: ModuleResolutionKind.NodeJs,
  strict: true,
  allowNonTsExtensions: true,
  noEmit: true,
  lib: ['es2022'],
});
// A proposal is a fragment of a module (Append) that uses the module's own declarations and
// imports, which this editor cannot see: type errors would be noise here. Syntax is checked; the
// sandbox compiles and type-checks the real result.
typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: true, noSyntaxValidation: false });

defineThemes(monaco);

export { monaco, typescriptDefaults };
