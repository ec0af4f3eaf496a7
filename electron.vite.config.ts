import { readFileSync } from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = import.meta.dirname;
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

/**
 * electron-vite 6 reads entry points from `build.rolldownOptions` (the Vite 8 name) and copies it
 * over `build.rollupOptions`, so an input given as `rollupOptions` would be dropped. Vite 7's
 * types do not know the key yet, hence this typed helper instead of an inline literal.
 */
function rolldownInput(input: string): { rolldownOptions: { input: string } } {
  return { rolldownOptions: { input } };
}

/**
 * The dev server injects an inline React Refresh preamble, which the panel's CSP (script-src
 * 'self') forbids. Only `electron-vite dev` gets the relaxed policy; built files keep the strict one.
 */
function allowInlineScriptsInDev(): Plugin {
  return {
    name: 'saraphina:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  main: {
    define: { __APP_VERSION__: JSON.stringify(version) },
    build: {
      outDir: 'out/main',
      // index: the desktop app; cli: the same CLI as `npm run cli`, shipped in the package (the
      // packaging test runs it from the packaged layout); typecheck-worker: the type-check gate's
      // worker thread, which starts from a file (worker-host.ts); agent-process: the supervised agent
      // process (supervisor/agent-entry.ts). Shared code goes to common chunks.
      lib: {
        entry: {
          index: path.join(root, 'electron/main/index.ts'),
          cli: path.join(root, 'electron/cli/packaged-entry.ts'),
          'typecheck-worker': path.join(root, 'electron/typecheck/worker.ts'),
          // The agent process (utility process in the app, a child of the packaged CLI).
          'agent-process': path.join(root, 'electron/agent/index.ts'),
        },
        formats: ['cjs'],
      },
      // Every runtime dependency stays a require() (electron-builder ships node_modules). The
      // native and binary-carrying ones are named so they stay external even if moved around.
      externalizeDeps: { include: ['better-sqlite3', 'esbuild', 'ws', 'electron-log', 'typescript'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only `electron`, so it is one self-contained CJS file.
      lib: { entry: { index: path.join(root, 'electron/preload/index.ts') }, formats: ['cjs'] },
      externalizeDeps: false,
    },
  },
  renderer: {
    root: path.join(root, 'renderer'),
    // Relative asset URLs: the same build loads from file:// in Electron and over HTTP from the host.
    base: './',
    plugins: [react(), allowInlineScriptsInDev()],
    // Monaco's workers (editor, TypeScript) are separate built files loaded from 'self': the
    // panel's CSP allows worker-src 'self' blob:, and no worker comes from a CDN.
    worker: { format: 'es' },
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; the host also serves it to browsers.
      minify: true,
      // Monaco's chunk and the TypeScript worker are large by nature; they load only on demand.
      chunkSizeWarningLimit: 8000,
      ...rolldownInput(path.join(root, 'renderer/index.html')),
    },
  },
});
