import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { createDispatcher } from '../../shared/contract/dispatch';
import { panelService } from '../../shared/contract/panel';
import { formatError, toErrorInfo } from '../../shared/errors';
import type { AppServices } from '../app/app-services';
import { openDefaultServices } from '../app/open-default-services';
import { forwardPanelEvents } from '../services/panel-events';
import { createPanelHandlers } from '../services/panel-handlers';
import { panelContentSecurityPolicy, withContentSecurityPolicy } from './content-security-policy';
import { createEventSender, createTrustedSenderCheck, registerIpc } from './ipc-adapter';
import { createMainWindow, resolvePanelPage, type PanelPage } from './main-window';

/*
 * The Electron entry point: a thin adapter. It opens the default workspace's runtime, serves the
 * panel contract over IPC and shows one hardened window. Everything it wires is plain Node code.
 */

let services: AppServices | undefined;

async function start(): Promise<void> {
  const page = resolvePanelPage(app.isPackaged, __dirname);
  installSessionPolicies(page);
  const opened = await openDefaultServices(app.getPath('userData'));
  const appServices = opened.services;
  services = appServices;
  const dispatcher = createDispatcher(panelService, createPanelHandlers(appServices, app.getVersion()), (error) =>
    console.error('[ipc] handler failed', error),
  );
  registerIpc(ipcMain, dispatcher, createTrustedSenderCheck(page.url));
  openWindow(appServices, page);
  // macOS keeps the app running with no window; clicking the dock icon brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(appServices, page);
  });
}

function openWindow(appServices: AppServices, page: PanelPage): BrowserWindow {
  const window = createMainWindow(page, __dirname);
  const stopForwarding = forwardPanelEvents(appServices, createEventSender(window.webContents));
  window.on('closed', stopForwarding);
  return window;
}

/** CSP on every response (the meta tag covers file://) and no permission prompts at all. */
function installSessionPolicies(page: PanelPage): void {
  const policy = panelContentSecurityPolicy(page.devServer);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => {
    // Copy in the editors needs clipboard writes; nothing else is ever granted.
    callback(permission === 'clipboard-sanitized-write');
  });
}

function failStart(error: unknown): void {
  console.error('[main] could not start', error);
  dialog.showErrorBox('Saraphina Control Panel could not start', formatError(toErrorInfo(error)));
  app.exit(1);
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  // Synchronous teardown: timers, the database and the workspace lock. A change still running
  // is caught by crash recovery at the next start.
  services?.closeNow();
  services = undefined;
});

app.whenReady().then(start).catch(failStart);
