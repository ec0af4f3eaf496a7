import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
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

export function createMainWindow(page: PanelPage, mainDir: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Saraphina Control Panel',
    show: false,
    webPreferences: {
      preload: path.join(mainDir, '..', 'preload', 'index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  hardenWebContents(window.webContents, page.url);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(page.url).catch((error: unknown) => {
    console.error(`[main] could not load the panel page ${page.url}`, error);
  });
  return window;
}
