import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { Workspace } from '../runtime/workspace';
import { demoWorkspaceDir } from './paths';

/** One line for a folder the app cannot open, with the way out (create a workspace there). */
const CREATE_HINT =
  'Create a workspace there from the demo agent (the panel offers it and changes nothing already there), or `npm run cli -- init DIR` for a new folder.';

/**
 * Checks that `dir` is a workspace the app can open and returns its real path. What counts as a
 * workspace is the runtime's rule (Workspace.open); the errors here only say it in one line.
 */
export function checkWorkspaceFolder(dir: string): string {
  const resolved = path.resolve(dir);
  if (!existsSync(resolved)) {
    throw new AppError('WORKSPACE_NOT_FOUND', `There is no folder at ${resolved}.`, { hint: CREATE_HINT });
  }
  if (!statSync(resolved).isDirectory()) {
    throw new AppError('WORKSPACE_NOT_FOUND', `${resolved} is a file, not a folder.`, { hint: 'Choose a folder.' });
  }
  try {
    return Workspace.open(resolved).root;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'WORKSPACE_NOT_FOUND') throw error;
    // The runtime's own line ("No workspace at … (it has no package.json …).") with our way out.
    throw new AppError('WORKSPACE_NOT_FOUND', error.message, { hint: CREATE_HINT });
  }
}

/** True when an error from checkWorkspaceFolder can be answered by creating a workspace there. */
export function canCreateWorkspaceAt(dir: string): boolean {
  const resolved = path.resolve(dir);
  return !existsSync(resolved) || statSync(resolved).isDirectory();
}

export interface CreatedWorkspace {
  readonly root: string;
  /** Top-level entries copied from the demo. */
  readonly added: readonly string[];
  /** Demo entries left out because the folder already had one of that name (kept as it was). */
  readonly kept: readonly string[];
}

/**
 * Makes `dir` a workspace by copying the demo agent into it. A folder that already has files (the
 * user's own project) keeps every one of them: only demo entries with a free name are copied.
 */
export function createWorkspaceFromDemo(dir: string): CreatedWorkspace {
  const root = path.resolve(dir);
  if (existsSync(root) && !statSync(root).isDirectory()) {
    throw new AppError('WORKSPACE_EXISTS', `${root} is a file, not a folder; nothing was copied.`, { hint: 'Choose a folder.' });
  }
  const demo = demoWorkspaceDir();
  const added: string[] = [];
  const kept: string[] = [];
  for (const entry of readdirSync(demo).sort()) {
    const target = path.join(root, entry);
    if (existsSync(target)) {
      kept.push(entry);
      continue;
    }
    cpSync(path.join(demo, entry), target, { recursive: true, errorOnExist: true, force: false });
    added.push(entry);
  }
  return { root: checkWorkspaceFolder(root), added, kept };
}
