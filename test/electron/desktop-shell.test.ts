import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MenuItemConstructorOptions, WebContents } from 'electron';
import { describe, expect, test, vi } from 'vitest';
import { readSecondLaunch, requestedWorkspace } from '../../electron/app/launch-arguments';
import { developerOverride, packagedResourcesDir, unpackedTwin } from '../../electron/base/packaged-build';
import { RecentWorkspaces } from '../../electron/app/recent-workspaces';
import { startWorkspace } from '../../electron/app/start-workspace';
import { checkWorkspaceFolder } from '../../electron/app/workspace-folder';
import { restoreWindowState, saveWindowState } from '../../electron/app/window-state';
import { buildMenuTemplate, type MenuActions } from '../../electron/main/app-menu';
import { panelContentSecurityPolicy } from '../../electron/main/content-security-policy';
import { droppedFolder, hardenWebContents } from '../../electron/main/web-contents-hardening';
import { makeWorkspace, tempDir } from '../support/temp-workspace';

describe('launch arguments', () => {
  test('--workspace DIR and --workspace=DIR resolve against the launching folder; a packaged app also takes a bare folder', () => {
    expect(requestedWorkspace(['electron', '/app', '--workspace', 'agent'], { cwd: '/home/me', packaged: false })).toBe('/home/me/agent');
    expect(requestedWorkspace(['electron', '/app', '--workspace=/srv/agent'], { cwd: '/x', packaged: false })).toBe('/srv/agent');
    // In a dev run the first argument is the app folder, never a workspace.
    expect(requestedWorkspace(['electron', '/app'], { cwd: '/x', packaged: false })).toBeUndefined();
    expect(requestedWorkspace(['/opt/saraphina', '--enable-logging', 'agent'], { cwd: '/home/me', packaged: true })).toBe('/home/me/agent');
  });

  test('a second launch hands over its folder (additionalData first, its argv otherwise)', () => {
    expect(readSecondLaunch({ workspace: '/srv/a' }, [], '/x', true)).toBe('/srv/a');
    expect(readSecondLaunch({ workspace: 'relative' }, ['/opt/app', '--workspace', 'b'], '/home', true)).toBe('/home/b');
    expect(readSecondLaunch(undefined, ['/opt/app'], '/home', true)).toBeUndefined();
  });
});

describe('the start workspace', () => {
  test('is the requested one, else the last one still there, else the demo copy in user data', () => {
    const userData = tempDir();
    const recent = new RecentWorkspaces(path.join(userData, 'recent.json'));
    const last = makeWorkspace({ a: 'export const a = 1;\n' });
    recent.add(last);
    recent.add(path.join(userData, 'deleted-since'));
    const requested = makeWorkspace({ b: 'export const b = 1;\n' });
    expect(startWorkspace(requested, recent, userData)).toBe(checkWorkspaceFolder(requested));
    expect(startWorkspace(undefined, recent, userData)).toBe(checkWorkspaceFolder(last));
    expect(startWorkspace(undefined, new RecentWorkspaces(path.join(userData, 'none.json')), userData)).toBe(path.join(userData, 'workspace'));
    expect(() => startWorkspace(tempDir(), recent, userData)).toThrow(/No workspace at/);
  });
});

describe('window bounds', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };

  test('come back as they were saved, and a window left on an unplugged monitor comes back on screen', () => {
    const file = path.join(tempDir(), 'window-state.json');
    expect(restoreWindowState(file, [display])).toEqual({ maximized: false });
    saveWindowState(file, { bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true });
    expect(restoreWindowState(file, [display])).toEqual({ bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true });
    saveWindowState(file, { bounds: { x: 2500, y: 100, width: 1000, height: 700 }, maximized: false });
    expect(restoreWindowState(file, [display])).toEqual({ maximized: false });
    saveWindowState(file, { bounds: { x: 1500, y: 900, width: 3000, height: 200 }, maximized: false });
    expect(restoreWindowState(file, [display])).toEqual({ bounds: { x: 0, y: 600, width: 1920, height: 480 }, maximized: false });
    writeFileSync(file, 'garbage');
    expect(restoreWindowState(file, [display])).toEqual({ maximized: false });
  });
});

describe('the application menu', () => {
  const actions: MenuActions = {
    openWorkspace: vi.fn(),
    openRecent: vi.fn(),
    clearRecent: vi.fn(),
    createWorkspaceFromDemo: vi.fn(),
    openLogsFolder: vi.fn(),
    openCrashReportsFolder: vi.fn(),
    showAbout: vi.fn(),
  };
  const menu = (platform: NodeJS.Platform, packaged = true) =>
    buildMenuTemplate({ platform, productName: 'Saraphina Control Panel', recent: ['/w/current', '/w/other'], current: '/w/current', packaged, actions });
  const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];

  test('has File with Open Workspace and Open Recent, the standard Edit menu, and Help with the logs folder', () => {
    const template = menu('linux');
    expect(template.map((item) => item.role ?? item.label)).toEqual(['&File', 'editMenu', '&View', 'windowMenu', 'help']);
    const file = submenu(template[0]);
    file.find((item) => item.label === 'Open Workspace…')?.click?.({} as never, undefined, {} as never);
    expect(actions.openWorkspace).toHaveBeenCalled();
    const recent = submenu(file.find((item) => item.label === 'Open Recent'));
    expect(recent[0]?.label).toBe('other — /w/other');
    recent[0]?.click?.({} as never, undefined, {} as never);
    expect(actions.openRecent).toHaveBeenCalledWith('/w/other');
    const help = submenu(template[4]).map((item) => item.label);
    expect(help).toEqual(['Open Logs Folder', 'Open Crash Reports Folder', undefined, 'About Saraphina Control Panel']);
    // Developer tools only in a developer run.
    expect(JSON.stringify(template)).not.toContain('toggleDevTools');
    expect(JSON.stringify(menu('linux', false))).toContain('toggleDevTools');
  });

  test('on macOS starts with the app menu (About, Quit) and keeps the Edit menu that makes copy and paste work', () => {
    const template = menu('darwin');
    expect(template.map((item) => item.role ?? item.label)).toEqual(['appMenu', '&File', 'editMenu', '&View', 'windowMenu', 'help']);
  });
});

describe('the window page', () => {
  test('may open no connection and may not be framed; only the dev server gets its socket and inline scripts', () => {
    const policy = panelContentSecurityPolicy(false);
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('ws:');
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(panelContentSecurityPolicy(true)).toContain("script-src 'self' 'unsafe-inline'");
  });

  test('navigations, frames and redirects away from the page are stopped; a dropped folder is handed over', () => {
    const handlers = new Map<string, (...args: unknown[]) => void>();
    const contents = { setWindowOpenHandler: vi.fn(), on: (name: string, handler: (...args: unknown[]) => void) => handlers.set(name, handler) };
    const page = pathToFileURL('/opt/app/out/renderer/index.html').href;
    const dropped: string[] = [];
    hardenWebContents(contents as unknown as WebContents, page, (dir) => dropped.push(dir));
    const folder = tempDir();
    mkdirSync(path.join(folder, 'modules'));
    const prevented = (name: string, ...args: unknown[]) => {
      const event = { preventDefault: vi.fn(), ...(typeof args[0] === 'object' ? args[0] : {}) };
      handlers.get(name)?.(event, ...args.slice(typeof args[0] === 'object' ? 1 : 0));
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(prevented('will-navigate', `${page}#timeline`)).toBe(false);
    expect(prevented('will-navigate', 'https://example.invalid/')).toBe(true);
    expect(prevented('will-navigate', pathToFileURL(folder).href)).toBe(true);
    expect(dropped).toEqual([folder]);
    expect(prevented('will-frame-navigate', { url: 'https://example.invalid/', isMainFrame: false })).toBe(true);
    expect(prevented('will-redirect', 'https://example.invalid/')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(droppedFolder(pathToFileURL(path.join(folder, 'missing')).href)).toBeNull();
  });
});

describe('a packaged app', () => {
  test('is recognised by its archive; binaries map to app.asar.unpacked; developer overrides are ignored there', () => {
    const code = path.join('/opt/saraphina/resources', 'app.asar', 'out', 'main');
    expect(packagedResourcesDir(code)).toBe('/opt/saraphina/resources');
    expect(packagedResourcesDir('/work/repo/out/main')).toBeNull();
    expect(unpackedTwin('/opt/saraphina/resources/app.asar/node_modules/@esbuild/linux-x64/bin/esbuild')).toBe(
      '/opt/saraphina/resources/app.asar.unpacked/node_modules/@esbuild/linux-x64/bin/esbuild',
    );
    vi.stubEnv('SARAPHINA_SANDBOX_RUNNER', '/tmp/planted.cjs');
    try {
      expect(developerOverride('SARAPHINA_SANDBOX_RUNNER', code)).toBeUndefined();
      expect(developerOverride('SARAPHINA_SANDBOX_RUNNER', '/work/repo/out/main')).toBe('/tmp/planted.cjs');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
