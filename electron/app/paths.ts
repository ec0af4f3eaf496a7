import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { codeFolderAndAncestors } from '../base/code-folder';
import { developerOverride, packagedResourcesDir } from '../base/packaged-build';

export { codeFolderAndAncestors } from '../base/code-folder';

export const PRODUCT_NAME = 'Saraphina Control Panel';

/**
 * The folder Electron's `app.getPath('userData')` returns for this app, computed the same way
 * under plain Node, so the desktop app and the CLI share one default workspace.
 * SARAPHINA_HOME overrides it (tests, servers).
 */
export function defaultUserDataDir(): string {
  const override = process.env['SARAPHINA_HOME'];
  if (override !== undefined && override !== '') return path.resolve(override);
  return path.join(appDataDir(), PRODUCT_NAME);
}

function appDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support');
    case 'win32':
      return process.env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming');
    default:
      return process.env['XDG_CONFIG_HOME'] ?? path.join(home, '.config');
  }
}

export function defaultWorkspaceDir(userDataDir: string = defaultUserDataDir()): string {
  return path.join(userDataDir, 'workspace');
}

/**
 * The bundled demo workspace: in a packaged app's resources folder (beside app.asar), else in the
 * source tree. SARAPHINA_DEMO_DIR (developers only; a packaged app ignores it) points elsewhere.
 */
export function demoWorkspaceDir(): string {
  const resources = packagedResourcesDir();
  const candidates = [
    developerOverride('SARAPHINA_DEMO_DIR'),
    resources === null ? undefined : path.join(resources, 'demo-workspace'),
    ...codeFolderAndAncestors().map((dir) => path.join(dir, 'resources', 'demo-workspace')),
  ];
  const found = candidates.find((dir) => dir !== undefined && existsSync(path.join(dir, 'package.json')));
  if (found === undefined) {
    throw new AppError('WORKSPACE_NOT_FOUND', 'The bundled demo workspace is missing.', {
      hint: 'Reinstall the app, or set SARAPHINA_DEMO_DIR to a copy of resources/demo-workspace.',
    });
  }
  return found;
}

/** The built renderer (out/renderer), found from wherever this code was bundled to. */
export function rendererDir(): string {
  const candidates = codeFolderAndAncestors().map((dir) => path.join(dir, 'out', 'renderer'));
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? path.join(process.cwd(), 'out', 'renderer');
}
