import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, screen } from 'electron';
import { DEFAULT_SIZE, MIN_SIZE, restoreWindowState, saveWindowState } from '../app/window-state';
import { hardenWebContents } from './web-contents-hardening';

/** Where the panel page comes from: the built files, or electron-vite's dev server. */
export interface PanelPage {
  readonly url: string;
  readonly devServer: boolean;
}

/**
 * The dev server URL counts only in an unpackaged run: a packaged app must not be pointed at
 * another page through an environment variable.
 */
export function resolvePanelPage(isPackaged: boolean, mainDir: string): PanelPage {
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!isPackaged && devUrl !== undefined && devUrl !== '') return { url: devUrl, devServer: true };
  const indexFile = path.join(mainDir, '..', 'renderer', 'index.html');
  return { url: pathToFileURL(indexFile).href, devServer: false };
}

export interface WindowOptions {
  readonly page: PanelPage;
  readonly mainDir: string;
  /** window-state.json in the user data folder: the bounds are restored and saved on close. */
  readonly stateFile: string;
  readonly title: string;
  readonly onFolderDropped: (dir: string) => void;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const restored = restoreWindowState(options.stateFile, screen.getAllDisplays().map((display) => display.workArea));
  const window = new BrowserWindow({
    ...DEFAULT_SIZE,
    ...restored.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: options.title,
    show: false,
    webPreferences: {
      preload: path.join(options.mainDir, '..', 'preload', 'index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  if (restored.maximized) window.maximize();
  hardenWebContents(window.webContents, options.page.url, options.onFolderDropped);
  // The title names the workspace; the page's own <title> must not replace it.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.on('close', () => {
    saveWindowState(options.stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.page.url).catch((error: unknown) => {
    console.error(`[main] could not load the panel page ${options.page.url}`, error);
  });
  return window;
}
