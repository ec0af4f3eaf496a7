import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { demoWorkspaceDir } from './paths';

/**
 * Creates a workspace at `target` as a copy of the bundled demo agent. The shipped copy is
 * never edited in place. Refuses a folder that already has files, so nothing is overwritten.
 */
export function initWorkspace(target: string): string {
  const dir = path.resolve(target);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new AppError('WORKSPACE_EXISTS', `${dir} is not empty; nothing was copied.`, {
      hint: 'Choose a new or empty folder.',
    });
  }
  cpSync(demoWorkspaceDir(), dir, { recursive: true, errorOnExist: true, force: false });
  return dir;
}

/** Opens the workspace at `dir`, creating it from the demo on first use. */
export function ensureWorkspace(dir: string): string {
  if (['package.json', 'tsconfig.json', 'modules'].some((name) => existsSync(path.join(dir, name)))) return dir;
  return initWorkspace(dir);
}
