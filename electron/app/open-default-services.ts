import { openAppServices, type AppServices } from './app-services';
import { ensureWorkspace } from './init-workspace';
import { defaultWorkspaceDir } from './paths';

/** The desktop app's start: the workspace in the user's data folder, created on first use. */
export async function openDefaultServices(userDataDir: string): Promise<{ services: AppServices; workspaceDir: string }> {
  const workspaceDir = ensureWorkspace(defaultWorkspaceDir(userDataDir));
  return { services: await openAppServices(workspaceDir), workspaceDir };
}
