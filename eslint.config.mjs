// Lint: correctness habits plus the layer rules (which folder may import what).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'vm', 'module', 'worker_threads', 'stream', 'util', 'url', 'events'];
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
);
