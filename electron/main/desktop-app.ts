import path from 'node:path';
import { app, BrowserWindow, crashReporter, dialog, ipcMain, Menu, session as electronSession, shell } from 'electron';
import { IPC_EVENT_CHANNEL } from '../../shared/contract/channels';
import { formatError, toErrorInfo } from '../../shared/errors';
import { readSecondLaunch, requestedWorkspace, type SecondLaunch } from '../app/launch-arguments';
import { PRODUCT_NAME } from '../app/paths';
import { RecentWorkspaces } from '../app/recent-workspaces';
import { createSessionDispatcher, forwardSessionEvents } from '../services/serve-session';
import { startWorkspace } from '../app/start-workspace';
import { WINDOW_STATE_FILE } from '../app/window-state';
import { createWorkspaceFromDemo } from '../app/workspace-folder';
import { WorkspaceSession } from '../app/workspace-session';
import { buildMenuTemplate } from './app-menu';
import { panelContentSecurityPolicy, withContentSecurityPolicy } from './content-security-policy';
import { createTrustedSenderCheck, registerIpc } from './ipc-adapter';
import { AgentSupervisor } from '../supervisor/agent-supervisor';
import type { ServedAgent } from '../services/served-agent';
import { utilityLauncher } from './utility-launcher';
import { startLogging } from './logging';
import { createMainWindow, resolvePanelPage, type PanelPage } from './main-window';
import { openWorkspaceFromDesktop, pickFolder } from './workspace-dialogs';

/*
 * The desktop app: a thin adapter over plain-Node modules (workspace session, recent list, window
 * state, menu template). One instance per user: a second launch hands its folder to this one.
 */

// Crash dumps stay on this machine (app.getPath('crashDumps')); nothing is ever uploaded.
crashReporter.start({ uploadToServer: false });
const logsFolder = startLogging(app.getPath('userData'));
// The agent's code runs in its own utility process (supervisor/); nothing of it runs here.
const requested = requestedWorkspace(process.argv, { cwd: process.cwd(), packaged: app.isPackaged });
const launch: SecondLaunch = requested === undefined ? {} : { workspace: requested };

let session: WorkspaceSession<ServedAgent> | undefined;
let window: BrowserWindow | undefined;
let pendingLaunch: string | undefined;

if (!app.requestSingleInstanceLock(launch)) {
  // The running instance opens our folder (second-instance below); this one has nothing to do.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory, data) => {
    focusWindow();
    const dir = readSecondLaunch(data, argv, workingDirectory, app.isPackaged);
    if (dir === undefined) return;
    // Still starting: the folder opens once the first workspace serves.
    if (session === undefined) pendingLaunch = dir;
    else void openWorkspaceFromDesktop(session, dir, window);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    // Synchronous teardown: timers, the database and the workspace lock. A change still running
    // is caught by crash recovery at the next start.
    session?.closeNow();
    session = undefined;
  });
  app.whenReady().then(start).catch(failStart);
}

async function start(): Promise<void> {
  app.setAboutPanelOptions({ applicationName: PRODUCT_NAME, applicationVersion: app.getVersion(), copyright: 'MIT licence' });
  const page = resolvePanelPage(app.isPackaged, __dirname);
  installSessionPolicies(page);
  const userData = app.getPath('userData');
  const recent = RecentWorkspaces.inFolder(userData, (line) => console.warn(line));
  const started = await WorkspaceSession.start(await firstWorkspace(recent, userData), {
    open: (root): Promise<ServedAgent> => AgentSupervisor.start({ root, appVersion: app.getVersion(), launcher: utilityLauncher }),
    recent,
  });
  session = started;
  const dispatcher = createSessionDispatcher(started, {
    appVersion: app.getVersion(),
    chooseFolder: () => pickFolder(window, 'Open Workspace'),
    onInternalError: (error) => console.error('[ipc] handler failed', error),
  });
  registerIpc(ipcMain, dispatcher, createTrustedSenderCheck(page.url));
  started.onDidSwitch(() => {
    window?.setTitle(windowTitle(started));
    installMenu(started);
  });
  installMenu(started);
  openWindow(started, page);
  if (pendingLaunch !== undefined) void openWorkspaceFromDesktop(started, pendingLaunch, window);
  pendingLaunch = undefined;
  // macOS keeps the app running with no window; clicking the dock icon brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(started, page);
  });
}

/** The requested folder if it is a workspace (else the offer to create one), the last one, or the demo copy. */
async function firstWorkspace(recent: RecentWorkspaces, userData: string): Promise<string> {
  try {
    return startWorkspace(requested, recent, userData);
  } catch (error) {
    if (requested === undefined) throw error;
    const answer = await dialog.showMessageBox({
      type: 'question',
      message: formatError(toErrorInfo(error)),
      buttons: ['Create from Demo', 'Open Previous Workspace', 'Quit'],
      defaultId: 0,
      cancelId: 2,
    });
    if (answer.response === 2) {
      app.exit(0);
      // Quitting: nothing opens.
      return new Promise<string>(() => undefined);
    }
    if (answer.response === 0) return createWorkspaceFromDemo(requested).root;
    return startWorkspace(undefined, recent, userData);
  }
}

function openWindow(current: WorkspaceSession<ServedAgent>, page: PanelPage): void {
  const created = createMainWindow({
    page,
    mainDir: __dirname,
    stateFile: path.join(app.getPath('userData'), WINDOW_STATE_FILE),
    title: windowTitle(current),
    onFolderDropped: (dir) => void openWorkspaceFromDesktop(current, dir, created),
  });
  window = created;
  const contents = created.webContents;
  const stopForwarding = forwardSessionEvents(current, (event, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event, payload);
  });
  created.on('closed', () => {
    stopForwarding();
    if (window === created) window = undefined;
  });
}

function installMenu(current: WorkspaceSession<ServedAgent>): void {
  const template = buildMenuTemplate({
    platform: process.platform,
    productName: PRODUCT_NAME,
    recent: current.recent.list().map((entry) => entry.path),
    current: current.root,
    packaged: app.isPackaged,
    actions: {
      openWorkspace: () => void chooseAndOpen(current, 'Open Workspace'),
      openRecent: (dir) => void openWorkspaceFromDesktop(current, dir, window),
      clearRecent: () => {
        current.recent.clear();
        current.recent.add(current.root);
        installMenu(current);
      },
      createWorkspaceFromDemo: () => void chooseAndOpen(current, 'New Workspace from Demo: choose an empty folder or your project'),
      openLogsFolder: () => void shell.openPath(logsFolder),
      openCrashReportsFolder: () => void shell.openPath(app.getPath('crashDumps')),
      showAbout: () => app.showAboutPanel(),
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function chooseAndOpen(current: WorkspaceSession<ServedAgent>, title: string): Promise<void> {
  const dir = await pickFolder(window, title);
  if (dir !== null) await openWorkspaceFromDesktop(current, dir, window);
}

function windowTitle(current: WorkspaceSession<ServedAgent>): string {
  return `${path.basename(current.root)} — ${PRODUCT_NAME}`;
}

function focusWindow(): void {
  if (window === undefined) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}

/** CSP on every response (the page's meta tag covers file://); no permission is granted or reported but clipboard writes. */
function installSessionPolicies(page: PanelPage): void {
  const policy = panelContentSecurityPolicy(page.devServer);
  const defaultSession = electronSession.defaultSession;
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
  // Copy in the editors needs clipboard writes; nothing else is ever granted, asked or checked.
  defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
  defaultSession.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');
}

function failStart(error: unknown): void {
  console.error('[main] could not start', error);
  dialog.showErrorBox(`${PRODUCT_NAME} could not start`, formatError(toErrorInfo(error)));
  app.exit(1);
}
