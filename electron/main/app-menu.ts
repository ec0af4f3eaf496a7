import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';

/*
 * The application menu as a template. Only types come from 'electron', so it is built (and
 * tested) under plain Node; desktop-app.ts hands it to Menu.buildFromTemplate.
 */

export interface MenuActions {
  openWorkspace(): void;
  openRecent(dir: string): void;
  clearRecent(): void;
  createWorkspaceFromDemo(): void;
  openLogsFolder(): void;
  openCrashReportsFolder(): void;
  showAbout(): void;
}

export interface MenuContext {
  readonly platform: NodeJS.Platform;
  readonly productName: string;
  /** Recent workspaces, newest first (the current one included). */
  readonly recent: readonly string[];
  readonly current: string;
  /** Developer tools and forced reload only in an unpackaged (developer) run. */
  readonly packaged: boolean;
  readonly actions: MenuActions;
}

export function buildMenuTemplate(context: MenuContext): MenuItemConstructorOptions[] {
  const { actions } = context;
  const mac = context.platform === 'darwin';
  const fileMenu: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
      { label: 'Open Recent', submenu: recentItems(context) },
      { label: 'New Workspace from Demo…', click: () => actions.createWorkspaceFromDemo() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const viewMenu: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(context.packaged ? [] : ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      { label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
      { label: 'Open Crash Reports Folder', click: () => actions.openCrashReportsFolder() },
      ...(mac ? [] : ([{ type: 'separator' }, { label: `About ${context.productName}`, click: () => actions.showAbout() }] as const)),
    ],
  };
  return [
    // macOS: the app menu holds About, Hide and Quit; its Edit menu is what makes copy and paste work.
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    fileMenu,
    { role: 'editMenu' },
    viewMenu,
    { role: 'windowMenu' },
    helpMenu,
  ];
}

function recentItems(context: MenuContext): MenuItemConstructorOptions[] {
  const others = context.recent.filter((dir) => dir !== context.current);
  const items: MenuItemConstructorOptions[] = others.map((dir) => ({
    label: `${path.basename(dir)} — ${dir}`,
    click: () => context.actions.openRecent(dir),
  }));
  if (items.length === 0) items.push({ label: 'No other recent workspaces', enabled: false });
  items.push({ type: 'separator' }, { label: 'Clear Recent', enabled: others.length > 0, click: () => context.actions.clearRecent() });
  return items;
}
