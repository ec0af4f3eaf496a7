import { ensureWorkspace } from './init-workspace';
import { defaultWorkspaceDir } from './paths';
import type { RecentWorkspaces } from './recent-workspaces';
import { checkWorkspaceFolder } from './workspace-folder';

/**
 * The workspace the desktop app opens at start: the one asked for on the command line (an error
 * if it is not a workspace; the window offers to create one), else the one opened last if it is
 * still there, else the demo copy in the user data folder (created on first use).
 */
export function startWorkspace(requested: string | undefined, recent: RecentWorkspaces, userDataDir: string): string {
  if (requested !== undefined) return checkWorkspaceFolder(requested);
  for (const entry of recent.list()) {
    try {
      return checkWorkspaceFolder(entry.path);
    } catch {
      // Moved or deleted since; it stays in the list until the user clears it.
    }
  }
  return ensureWorkspace(defaultWorkspaceDir(userDataDir));
}
