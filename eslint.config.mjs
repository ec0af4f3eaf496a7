// Lint: correctness habits plus the layer rules (which folder may import what).
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'vm', 'module', 'worker_threads', 'stream', 'util', 'url', 'events'];
/*
 * The folders of electron/ from the bottom up: a folder imports only folders of lower ranks, so a
 * folder cycle cannot be written. Folders of one rank do not import each other. A new folder must
 * be given a rank here (no-unknown-files), or nothing would check it.
 */
export const ELECTRON_LAYERS = [
  ['base'], // hashing, where the code runs, JSON-safe values: used by every folder
  ['runtime', 'store', 'typecheck'], // the agent runtime; SQLite history; the type-check gate
  ['logs'], // the agent's output as a log (ring + JSON-lines file)
  ['engine'], // hot reload, rollback, probation, crash recovery
  ['sandbox'], // a proposal's checks in a separate, limited process
  ['proposals'], // propose → sandbox → approve → apply
  ['session'], // the terminal interpreter
  ['app'], // the services front ends open on a workspace; recent list, window state
  ['services'], // the typed contract's handlers and the panel's events
  ['agent'], // the agent process: runtime, engines and store behind the contract, started by the supervisor
  ['supervisor'], // the control process's side: starts, watches, restarts the agent process; forwards to it
  ['host'], // the headless HTTP + WebSocket host
  ['cli', 'main', 'preload'], // adapters: terminal, Electron main process, Electron preload
];

function layerPolicies(layers) {
  return layers.map((rank, index) => ({
    from: { element: { types: { anyOf: rank } } },
    allow: { to: { element: { types: { anyOf: layers.slice(0, index).flat() } } } },
  }));
}

const restrict = (paths, patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: [...paths, ...patterns], message }] }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.tsbuild/**', 'node_modules/**', 'test-results/**', 'resources/demo-workspace/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'No .only in committed tests.' },
      ],
    },
  },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['scripts/**', '.ci/**', '*.mjs'], languageOptions: { globals: globals.node } },
  {
    files: ['shared/**'],
    rules: restrict(
      ['electron', 'react', 'react-dom', 'zustand', 'monaco-editor', ...nodeBuiltins],
      ['**/electron/**', '**/renderer/**'],
      'shared/ is platform-free: no Electron, Node, DOM or React.',
    ),
  },
  {
    files: ['renderer/**'],
    rules: restrict(['electron', ...nodeBuiltins], ['**/electron/**'], 'renderer/ imports only shared/ and browser libraries.'),
  },
  {
    files: ['electron/**'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: restrict(['electron'], ['**/renderer/**'], 'Only the adapters in electron/main and electron/preload import electron; electron/ never imports renderer/.'),
  },
  {
    files: ['electron/main/**', 'electron/preload/**'],
    rules: restrict([], ['**/renderer/**'], 'electron/ never imports renderer/.'),
  },
  {
    files: ['electron/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': ELECTRON_LAYERS.flat().map((folder) => ({ type: folder, pattern: `electron/${folder}`, partialMatch: false })),
      'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message: '{{from.type}}/ may not import {{to.type}}/: electron/ folders import only lower layers (ELECTRON_LAYERS in eslint.config.mjs).',
          policies: layerPolicies(ELECTRON_LAYERS),
        },
      ],
      'boundaries/no-unknown-files': 'error',
    },
  },
);
